package io.wxbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.TestBridge;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of GET /admin/metrics, as an administrator, parsed from Prometheus's text format: a
 * sample is a name, its labels and a value.
 */
public record Scrape(String text) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public static Scrape now() {
    HttpResponse<String> response =
        TestBridge.get("/admin/metrics", "Authorization", "Bearer " + TestBridge.ADMIN_KEY);
    assertEquals(200, response.statusCode(), response.body());
    return new Scrape(response.body());
  }

  /**
   * The sample's value, 0 when there is none yet (a counter appears with its first increment).
   *
   * @param labels name, value, … : exactly the sample's labels
   */
  public double value(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return text.lines()
        .map(SAMPLE::matcher)
        .filter(Matcher::matches)
        .filter(sample -> sample.group(1).equals(name))
        .filter(sample -> labelsOf(sample.group(2)).equals(wanted))
        .mapToDouble(sample -> Double.parseDouble(sample.group(3)))
        .findFirst()
        .orElse(0);
  }

  /**
   * The samples of {@code name} summed by the values of some of their labels (joined by a space, a
   * label a sample lacks left out).
   */
  public Map<String, Double> sumBy(String name, String... labels) {
    Map<String, Double> sums = new HashMap<>();
    text.lines()
        .map(SAMPLE::matcher)
        .filter(Matcher::matches)
        .filter(sample -> sample.group(1).equals(name))
        .forEach(
            sample -> {
              Map<String, String> values = labelsOf(sample.group(2));
              String key =
                  java.util.Arrays.stream(labels)
                      .map(values::get)
                      .filter(java.util.Objects::nonNull)
                      .collect(java.util.stream.Collectors.joining(" "));
              sums.merge(key, Double.parseDouble(sample.group(3)), Double::sum);
            });
    return sums;
  }

  private static Map<String, String> labelsOf(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text != null) {
      Matcher label = LABEL.matcher(text);
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    return labels;
  }
}
