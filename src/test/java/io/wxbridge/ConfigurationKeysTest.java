package io.wxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the one list of configuration keys: every key the code
 * reads is in it, it names no key the code no longer reads, and docs/*.md link to it instead of
 * repeating its rows. Keys are found the way a reader would grep for them (see {@link
 * #keysInCode}).
 */
class ConfigurationKeysTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path DEFAULTS =
      Path.of("src/main/resources/META-INF/microprofile-config.properties");
  private static final Path README = Path.of("README.md");
  private static final Path DOCS = Path.of("docs");

  private static final String KEY = "bridge(?:\\.[a-z0-9-]+)+";
  private static final String ACCOUNT = "bridge.account.<appid>.";

  /** A whole key given to a config lookup: @ConfigProperty, @RestrictedCallers, getValue(…). */
  private static final Pattern LOOKUP =
      Pattern.compile(
          "(?:@ConfigProperty\\(\\s*name\\s*=\\s*|@\\w+\\(\\s*|get(?:Optional)?Value\\(\\s*)\"("
              + KEY
              + ")\"");

  /**
   * A constant holding a key ({@code ALLOWED_IPS = "bridge.udesk.allowed-ips"}) or a key prefix.
   */
  private static final Pattern CONSTANT =
      Pattern.compile("String\\s+(\\w+)\\s*=\\s*\"(" + KEY + "\\.?)\"");

  /**
   * An account key: {@code keys.of("token")} or {@code "bridge.account." + id +
   * ".video-sdk-app-id"}.
   */
  private static final Pattern ACCOUNT_KEY =
      Pattern.compile(
          "(?:\\bkeys\\.of\\(\\s*|\"bridge\\.account\\.\"\\s*\\+\\s*[\\w.()]+\\s*\\+\\s*\"\\.)\"?([a-z0-9-]+)\"");

  private static final Pattern README_ROW = Pattern.compile("(?m)^\\|\\s*`(bridge\\.[^`]+)`");

  @Test
  void everyKeyTheCodeReadsIsInTheReadmeAndNoOther() throws IOException {
    Set<String> code = keysInCode();
    Set<String> readme = keysInReadme();
    assertTrue(
        code.size() >= 30
            && code.contains(ACCOUNT + "token")
            && code.contains("bridge.video.header.nonce"),
        "the scan should find the bridge's ~40 keys, account and prefixed ones included; found "
            + code);
    assertEquals(
        Set.of(),
        difference(code, readme),
        "keys the code reads but README.md's configuration reference does not list (add a row)");
    assertEquals(
        Set.of(),
        difference(readme, code),
        "keys README.md's configuration reference lists but no code reads any more (remove the row)");
  }

  @Test
  void docsLinkToTheReadmeInsteadOfRepeatingItsRows() throws IOException {
    Set<String> repeated = new TreeSet<>();
    try (Stream<Path> docs = Files.list(DOCS)) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
        Matcher row = README_ROW.matcher(Files.readString(doc));
        while (row.find()) {
          repeated.add(doc.getFileName() + ": " + row.group(1));
        }
      }
    }
    assertEquals(
        Set.of(),
        repeated,
        "docs/*.md tables whose rows start with a config key: link to README.md#configuration-reference instead");
  }

  @Test
  void theScanRecognisesEachWayTheCodeNamesAKey() {
    String source =
        """
        @ConfigProperty(name = "bridge.a.one", defaultValue = "1") long one;
        @RestrictedCallers("bridge.a.two")
        config.getOptionalValue("bridge.a.three", String.class);
        static final String FOUR = "bridge.a.four";
        static final String PREFIX = "bridge.a.header.";
        value(PREFIX + "five");
        value(keys.of("six"));
        "bridge.account." + appId + ".seven"
        dotted.equals("bridge.not.a.lookup")
        """;
    assertEquals(
        Set.of(
            "bridge.a.one",
            "bridge.a.two",
            "bridge.a.three",
            "bridge.a.four",
            "bridge.a.header.five",
            ACCOUNT + "six",
            ACCOUNT + "seven"),
        keysIn(List.of(source)));
  }

  /** Keys named in the code (see {@link #keysIn}) and the embedded defaults' keys. */
  private static Set<String> keysInCode() throws IOException {
    List<String> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(ConfigurationKeysTest::read)
              .toList();
    }
    Set<String> keys = keysIn(sources);
    Properties defaults = new Properties();
    try (Reader in = Files.newBufferedReader(DEFAULTS, StandardCharsets.UTF_8)) {
      defaults.load(in);
    }
    keys.addAll(defaults.stringPropertyNames());
    return keys;
  }

  /**
   * Whole keys passed to lookups, key constants, prefix constants joined to a literal suffix
   * ({@code HEADER + "nonce"}), and account keys (as {@code bridge.account.<appid>.suffix}). A
   * "bridge.…" string that is only compared (an environment variable's dotted form) is no key.
   */
  private static Set<String> keysIn(List<String> sources) {
    Set<String> keys = new TreeSet<>();
    Map<String, String> prefixes = new HashMap<>();
    for (String source : sources) {
      LOOKUP.matcher(source).results().map(m -> m.group(1)).forEach(keys::add);
      ACCOUNT_KEY.matcher(source).results().map(m -> ACCOUNT + m.group(1)).forEach(keys::add);
      for (Matcher constant = CONSTANT.matcher(source); constant.find(); ) {
        String value = constant.group(2);
        if (value.endsWith(".")) {
          prefixes.put(constant.group(1), value);
        } else if (!value.startsWith("bridge.account.")) {
          keys.add(value);
        }
      }
    }
    for (String source : sources) {
      prefixes.forEach(
          (name, prefix) ->
              Pattern.compile("\\b" + name + "\\s*\\+\\s*\"([a-z0-9-]+)\"")
                  .matcher(source)
                  .results()
                  .map(m -> prefix + m.group(1))
                  .forEach(keys::add));
    }
    keys.removeIf(key -> key.startsWith("bridge.account.") && !key.startsWith(ACCOUNT));
    return keys;
  }

  /** The first cell of each row of the tables under "## Configuration reference". */
  private static Set<String> keysInReadme() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## Configuration reference");
    assertTrue(start >= 0, "README.md should have a '## Configuration reference' section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    return README_ROW
        .matcher(section)
        .results()
        .map(m -> m.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> rest = new TreeSet<>(a);
    rest.removeAll(b);
    return rest;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
