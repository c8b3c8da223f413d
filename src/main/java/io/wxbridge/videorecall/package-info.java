/**
 * Video recall ({@code POST /video-recall/{appid}/qrcode}): owns the caller's bearer key, the
 * order, the signed client of Udesk's video QR-code API, fetching the QR image and sending it to
 * the follower. May call: {@code wechatapi} (upload and send), {@code access} (who may call),
 * {@code accounts}, {@code outbound}, {@code database} (the signed requests already accepted),
 * {@code requests} and {@code text} (reading orders and answers).
 */
package io.wxbridge.videorecall;
