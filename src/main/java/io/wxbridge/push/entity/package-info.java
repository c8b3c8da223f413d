/**
 * The shapes of WeChat's push protocol: the typed parts of the XML the bridge has to read or write
 * (JAXB, root element {@code xml}), and the values that travel between verifying a push and
 * answering it. The message itself is never modelled field by field: it is forwarded to Udesk as
 * bytes, so message and event types the bridge does not know pass through unchanged.
 */
package io.wxbridge.push.entity;
