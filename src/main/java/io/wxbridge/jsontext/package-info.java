/**
 * Reading JSON the bridge is given (Udesk's sends and templates, video-recall orders, the answers
 * of WeChat and Udesk): one bounded, strict reading for every face. Calls no other feature.
 */
package io.wxbridge.jsontext;
