package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** On Jersey: a JSON body declares its length only where the JDK would otherwise re-send it. */
class PostsSentOnceTest {
  private static final byte[] JSON = "{\"touser\":\"o1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void whereTheJdkReSendsABufferedPostTheBodyGoesWithItsLengthAndSoStreamed() {
    MultivaluedMap<String, Object> headers = filtered(true, JSON);

    assertEquals(Integer.toString(JSON.length), headers.getFirst(HttpHeaders.CONTENT_LENGTH));
  }

  @Test
  void whereItReSendsNoPostTheBodyIsLeftToBeBuffered() {
    assertFalse(filtered(false, JSON).containsKey(HttpHeaders.CONTENT_LENGTH));
  }

  @Test
  void aLengthTheCallerDeclaredIsKept() {
    MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
    headers.putSingle(HttpHeaders.CONTENT_LENGTH, "10485760");

    new PostsSentOnce(true).filter(request("an upload's stream", headers));

    assertEquals("10485760", headers.getFirst(HttpHeaders.CONTENT_LENGTH));
  }

  private static MultivaluedMap<String, Object> filtered(boolean jdkResends, byte[] body) {
    MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
    new PostsSentOnce(jdkResends).filter(request(body, headers));
    return headers;
  }

  /** A request of a client that is not RESTEasy's, as Jersey's would be. */
  private static ClientRequestContext request(Object body, MultivaluedMap<String, Object> headers) {
    Client client =
        (Client)
            Proxy.newProxyInstance(
                Client.class.getClassLoader(),
                new Class<?>[] {Client.class},
                (proxy, method, args) -> null);
    return (ClientRequestContext)
        Proxy.newProxyInstance(
            ClientRequestContext.class.getClassLoader(),
            new Class<?>[] {ClientRequestContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "hasEntity" -> true;
                  case "getEntity" -> body;
                  case "getHeaders" -> headers;
                  case "getClient" -> client;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
