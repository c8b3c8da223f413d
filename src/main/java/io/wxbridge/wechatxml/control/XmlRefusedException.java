package io.wxbridge.wechatxml.control;

/**
 * The bytes are not XML the bridge reads: not well-formed, too deep or large, or with a DOCTYPE.
 */
public class XmlRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  XmlRefusedException(String why) {
    super(why);
  }

  XmlRefusedException(String why, Throwable cause) {
    super(why, cause);
  }
}
