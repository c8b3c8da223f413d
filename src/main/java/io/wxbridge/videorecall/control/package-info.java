/**
 * What a video recall does: checks the caller's bearer key, reads the order, builds Udesk's
 * parameters from the account, and, when asked to send, fetches the QR image within bounds, uploads
 * it to WeChat and sends it to the follower.
 */
package io.wxbridge.videorecall.control;
