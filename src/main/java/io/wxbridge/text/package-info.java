/**
 * Reading text the bridge is given: bytes decoded strictly in their charset ({@code StrictText}:
 * pushes, Udesk's replies, forms, sends) and JSON ({@code JsonText}: Udesk's sends and templates,
 * video-recall orders, the answers of WeChat and Udesk), one bounded, strict reading for every
 * face; showing such text in an error message ({@code ShownText}); and hashing it ({@code Sha256}:
 * the pushes' keys, the inbox's identities and replay records). Calls no other feature.
 */
package io.wxbridge.text;
