/**
 * Calls out to Udesk. The video-recall part: Udesk's "dynamically generate mini-program QR code"
 * API, signed with the company's Udesk appId/secret ({@link io.wxbridge.udesk.control.UdeskRequestSigner}),
 * called through a MicroProfile REST Client ({@link io.wxbridge.udesk.control.UdeskVideoClient})
 * behind one facade ({@link io.wxbridge.udesk.control.UdeskVideoApi}) that turns every way the call
 * can go wrong into a clear {@link io.wxbridge.ProblemException}.
 */
package io.wxbridge.udesk.control;
