/**
 * The correlation id of each request to the bridge: generated when the request arrives, returned to
 * the caller as {@code X-Request-Id}, and written in every log line about the request (the push or
 * relayed call it carries, and the refusal if it is refused), so an operator finds one request's
 * lines by that id, WeChat's and the access token's included ({@code entity.OnBehalfOf}: work no
 * request asked for, the token timer's, says so instead). Also how a refused request's connection
 * ends ({@code boundary.RefusalEndsConnection}), how a request the runtime cannot read (a
 * Content-Type or Accept it cannot parse, a path that is not UTF-8) is refused in the face's shape
 * ({@code boundary.UnreadableRequestRefusal}), and what a stop needs of every request's work: a
 * wait that only its deadline ends ({@code control.StopGrace}), and every class and
 * application-scoped bean there before the stop begins ({@code boundary.PreparedForStop}, which
 * reaches the other features' beans through the BeanManager only, by scope). Calls no other
 * feature; push, relay, video recall, wechatapi, token, inbox and the error mapping use it.
 */
package io.wxbridge.requests;
