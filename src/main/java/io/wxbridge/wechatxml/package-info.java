/**
 * Reading WeChat's XML (pushes, and passive replies as Udesk answers them): one hardened streaming
 * pass into flat fields, the same for the push face and the inbox. Calls no other feature.
 */
package io.wxbridge.wechatxml;
