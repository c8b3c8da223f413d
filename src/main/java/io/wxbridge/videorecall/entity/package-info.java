/** The caller's order and the QR image, as values. */
package io.wxbridge.videorecall.entity;
