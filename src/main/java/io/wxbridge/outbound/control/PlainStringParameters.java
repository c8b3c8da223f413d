package io.wxbridge.outbound.control;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.UnaryOperator;

/**
 * Sends a String path parameter as it is and a String query parameter percent-encoded ({@link
 * QueryValues}). Without it, Jersey's MicroProfile REST client (Payara) looks for a converter on
 * every call, for every parameter: it asks String for a {@code valueOf(String)} and a {@code
 * fromString(String)} method, and each miss throws and fills in a NoSuchMethodException, two per
 * parameter and call (JFR, issue 9). The client's own converters come after this one, so the other
 * types are converted as before. Registered on Jersey's clients only, by {@link OutboundClients}.
 */
public class PlainStringParameters implements ParamConverterProvider {
  private static final ParamConverter<String> AS_IS = converter(UnaryOperator.identity());
  private static final ParamConverter<String> QUERY_VALUE = converter(QueryValues::encoded);

  private static ParamConverter<String> converter(UnaryOperator<String> toText) {
    return new ParamConverter<>() {
      @Override
      public String fromString(String value) {
        return checked(value);
      }

      @Override
      public String toString(String value) {
        return toText.apply(checked(value));
      }
    };
  }

  /** As the contract says, and as the client expects: it then sends no parameter. */
  private static String checked(String value) {
    if (value == null) {
      throw new IllegalArgumentException("no value");
    }
    return value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    if (rawType != String.class) {
      return null;
    }
    for (Annotation annotation : annotations) {
      if (annotation instanceof QueryParam) {
        return (ParamConverter<T>) QUERY_VALUE;
      }
    }
    return (ParamConverter<T>) AS_IS;
  }
}
