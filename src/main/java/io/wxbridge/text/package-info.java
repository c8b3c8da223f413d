/**
 * Reading text the bridge is given: bytes decoded strictly in their charset ({@code StrictText}:
 * pushes, Udesk's replies, forms, sends) and JSON ({@code JsonText}: Udesk's sends and templates,
 * video-recall orders, the answers of WeChat and Udesk), one bounded, strict reading for every
 * face; showing such text in an error message ({@code ShownText}); and hashing it ({@code Digest}:
 * WeChat's signatures, the pushes' keys, the inbox's identities and replay records, Udesk's QR-code
 * token). Calls no other feature.
 */
package io.wxbridge.text;
