package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** On Jersey's clients: query values exactly as given, path parameters as they are. */
class PlainStringParametersTest {
  interface Client {
    void call(@PathParam("path") String path, @QueryParam("media_id") String mediaId, int other);
  }

  private final PlainStringParameters provider = new PlainStringParameters();

  private ParamConverter<String> converter(int parameter) throws NoSuchMethodException {
    Annotation[] annotations =
        Client.class.getMethod("call", String.class, String.class, int.class)
            .getParameterAnnotations()[parameter];
    return provider.getConverter(String.class, String.class, annotations);
  }

  @Test
  void aQueryValueIsPercentEncodedAndAPathIsNot() throws Exception {
    assertEquals("M%7B1%7D50%2541", converter(1).toString("M{1}50%41"));
    assertEquals("cgi-bin/user/info", converter(0).toString("cgi-bin/user/info"));
  }

  @Test
  void otherTypesAreLeftToTheClientsOwnConverters() {
    assertNull(provider.getConverter(Integer.class, Integer.class, new Annotation[0]));
  }
}
