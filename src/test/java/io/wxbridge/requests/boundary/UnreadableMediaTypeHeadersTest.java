package io.wxbridge.requests.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnreadableMediaTypeHeadersTest {

  @Test
  void acceptListsAreSplitAtCommasOutsideQuotedStrings() {
    assertEquals(
        List.of("text/html; q=0.5", "a/b; c=\"x,y\"", "", "*/*"),
        UnreadableMediaTypeHeaders.elements("text/html; q=0.5, a/b; c=\"x,y\" ,, */*"));
    assertEquals(
        List.of("a/b; c=\"x\\\",y\"", "c/d"),
        UnreadableMediaTypeHeaders.elements("a/b; c=\"x\\\",y\", c/d"));
  }

  /**
   * The media types themselves are parsed by the runtime's parser, absent from the unit tests'
   * class path: the suite checks them on both servers (UdeskBadInputChecks).
   */
  @Test
  void aQualityIsANumberFromZeroToOne() {
    assertTrue(UnreadableMediaTypeHeaders.qualityValue("0"));
    assertTrue(UnreadableMediaTypeHeaders.qualityValue("0.5"));
    assertTrue(UnreadableMediaTypeHeaders.qualityValue("1.000"));
    assertFalse(UnreadableMediaTypeHeaders.qualityValue("abc"));
    assertFalse(UnreadableMediaTypeHeaders.qualityValue(""));
    assertFalse(UnreadableMediaTypeHeaders.qualityValue("2"));
    assertFalse(UnreadableMediaTypeHeaders.qualityValue("-0.1"));
    assertFalse(UnreadableMediaTypeHeaders.qualityValue("NaN"));
    // Float.parseFloat took these; Jersey refuses them
    for (String q : new String[] {"0.5f", "1e-1", "+0.5", "0.5000", "0.99999999", "1.001"}) {
      assertFalse(UnreadableMediaTypeHeaders.qualityValue(q), q);
    }
  }
}
