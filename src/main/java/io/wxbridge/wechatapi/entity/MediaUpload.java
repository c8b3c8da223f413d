package io.wxbridge.wechatapi.entity;

import java.io.InputStream;

/**
 * The file part of a temporary-media upload (multipart field "media"). The content is read once, as
 * a stream; the caller keeps ownership and closes it.
 *
 * @param length the number of bytes announced, or -1 when unknown: the content is checked against
 *     it, never trusted
 */
public record MediaUpload(String fileName, String contentType, InputStream content, long length) {}
