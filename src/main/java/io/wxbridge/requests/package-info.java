/**
 * The correlation id of each request to the bridge: generated when the request arrives, returned to
 * the caller as {@code X-Request-Id}, and written in every log line about the request (the push or
 * relayed call it carries, and the refusal if it is refused), so an operator finds one request's
 * lines by that id. Calls no other feature; push, relay and the error mapping read it.
 */
package io.wxbridge.requests;
