package io.wxbridge.relay.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentDispositionTest {

  @Test
  void curlsHeader() {
    ContentDisposition disposition =
        ContentDisposition.parse("form-data; name=\"media\"; filename=\"test.jpg\"");
    assertEquals("form-data", disposition.type());
    assertEquals(Optional.of("media"), disposition.name());
    assertEquals(Optional.of("test.jpg"), disposition.fileName());
  }

  @Test
  void quotedSemicolonsEscapesUnicodeAndPaths() {
    assertEquals(
        Optional.of("a;b\"c.jpg"),
        ContentDisposition.parse("form-data; name=media; filename=\"a;b\\\"c.jpg\"").fileName());
    assertEquals(
        Optional.of("照片 1.jpg"),
        ContentDisposition.parse("form-data; name=\"media\"; filename=\"照片 1.jpg\"").fileName());
    assertEquals(
        Optional.of("x.png"),
        ContentDisposition.parse("form-data; name=\"media\"; filename=\"C:\\\\tmp\\\\x.png\"")
            .fileName());
    assertEquals(
        Optional.of("€ rates+1.png"),
        ContentDisposition.parse(
                "form-data; name=\"media\"; filename=\"fallback.png\"; filename*=UTF-8''%E2%82%AC%20rates+1.png")
            .fileName());
  }

  @Test
  void noFileName() {
    assertEquals(
        Optional.empty(), ContentDisposition.parse("form-data; name=\"media\"").fileName());
    assertEquals(
        Optional.empty(),
        ContentDisposition.parse("form-data; name=\"media\"; filename=\"\"").fileName());
    assertEquals(Optional.empty(), ContentDisposition.parse(null).name());
  }
}
