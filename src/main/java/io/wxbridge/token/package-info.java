/**
 * The access token of each account: fetched from WeChat (stable_token or token) or from the
 * enterprise's own token server, held in memory, refreshed by a timer ahead of expiry, dropped on
 * WeChat's token errors only if still current (one fetch for all concurrent callers), and never
 * shown to anyone. May call: {@code outbound} (the token endpoints), {@code accounts}, {@code
 * database} (classic tokens shared between instances), {@code text} (reading the answers) and
 * {@code requests} (a fetch's log lines name the request that started it, or say that the timer
 * did).
 */
package io.wxbridge.token;
