package io.wxbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The bridge under test and its fake upstreams, shared by the whole suite. The fakes start before
 * the server (TestBridgeExtension), and the bridge's configuration
 * (src/test/resources/it/bridge-it.properties with the fakes' URLs filled in) is written where the
 * server reads it: as system properties on Payara Micro (--systemproperties), as a config directory
 * on WildFly (see writeConfigDirectory). Payara Micro's post-boot file is server-config's plus the
 * suite's JNDI entries.
 */
public final class TestBridge {
  private static final Map<String, URI> PLACEHOLDERS = new LinkedHashMap<>();
  private static FakeUdesk udesk;
  private static FakeWeChatApi wechat;
  private static FakeUdeskVideoApi udeskVideo;
  private static SwitchableTcpProxy udeskVideoSwitch;
  private static SwitchableTcpProxy udeskSwitch;
  private static SwitchableTcpProxy udeskCounted;
  private static boolean started;

  private TestBridge() {}

  /** Starts the fakes and writes the bridge's configuration; idempotent. */
  public static synchronized void start() {
    if (started) {
      return;
    }
    udesk = new FakeUdesk();
    PLACEHOLDERS.put("fake.udesk", udesk.url(""));
    wechat = new FakeWeChatApi();
    PLACEHOLDERS.put("fake.wechat", wechat.url(""));
    udeskVideo = new FakeUdeskVideoApi();
    PLACEHOLDERS.put("fake.udesk-video", udeskVideo.url(""));
    udeskVideoSwitch = new SwitchableTcpProxy(udeskVideo.url(""));
    PLACEHOLDERS.put("fake.udesk-video-switch", udeskVideoSwitch.url(""));
    PLACEHOLDERS.put("fake.down", FakeServer.closedPortUrl(""));
    udeskSwitch = new SwitchableTcpProxy(udesk.url(""));
    PLACEHOLDERS.put("fake.udesk-switch", udeskSwitch.url(""));
    udeskCounted = new SwitchableTcpProxy(udesk.url(""));
    PLACEHOLDERS.put("fake.udesk-counted", udeskCounted.url(""));
    writeConfiguration();
    started = true;
  }

  private static void writeConfiguration() {
    try (InputStream template = TestBridge.class.getResourceAsStream("/it/bridge-it.properties")) {
      String config = new String(template.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, URI> placeholder : PLACEHOLDERS.entrySet()) {
        config =
            config.replace("${" + placeholder.getKey() + "}", placeholder.getValue().toString());
      }
      config = config.replace("${it.data}", itDir().resolve("data").toAbsolutePath().toString());
      Path dir = itDir();
      Files.createDirectories(dir);
      deleteRecursively(
          dir.resolve("data")); // the inbox starts empty: test senders repeat between runs
      Files.writeString(dir.resolve("bridge-it.properties"), config);
      writeConfigDirectory(dir.resolve("config"), config);
      writePayaraPostBoot(dir);
      // Servers append to an existing log: start clean, so log checks only see this run
      for (Path log : serverLogFiles()) {
        Files.delete(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same configuration as a directory of files, one per key (WildFly's MicroProfile Config
   * "dir" source, set up by src/test/wildfly/bridge-it.cli; an extra WildFly's too,
   * WildFlyProcess). Not system properties: WildFly's default logging writes every system property
   * to server.log at boot, secrets included.
   */
  static void writeConfigDirectory(Path configDir, String config) throws IOException {
    Properties keys = new Properties();
    keys.load(new StringReader(config));
    Files.createDirectories(configDir);
    try (var old = Files.list(configDir)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    for (String key : keys.stringPropertyNames()) {
      Files.writeString(configDir.resolve(key), keys.getProperty(key));
    }
  }

  private static void writePayaraPostBoot(Path dir) throws IOException {
    Path serverConfig = Path.of(System.getProperty("bridge.server-config", "server-config"));
    try (InputStream jndi = TestBridge.class.getResourceAsStream("/it/payara-jndi.asadmin")) {
      Files.writeString(
          dir.resolve("post-boot.asadmin"),
          Files.readString(
                  serverConfig.resolve("post-boot-commands.asadmin"), StandardCharsets.UTF_8)
              + "\n"
              + new String(jndi.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * The port the inbox accounts' udesk-url points at: the fake Udesk, unless switched off
   * (connections refused).
   */
  public static SwitchableTcpProxy udeskSwitch() {
    return udeskSwitch;
  }

  /**
   * The port the idle-connection account's udesk-url points at (the fake Udesk), which no other
   * account uses, so that a test can count the bridge's connections to it.
   */
  public static SwitchableTcpProxy udeskCounted() {
    return udeskCounted;
  }

  public static Path itDir() {
    return Path.of(System.getProperty("bridge.it.dir", "target/it"));
  }

  public static Path war() {
    return Path.of(System.getProperty("bridge.war", "target/wechat-udesk-bridge.war"));
  }

  /** The bridge's own URL, e.g. url("/wechat/wx…"). */
  public static URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + System.getProperty("bridge.it.port") + pathAndQuery);
  }

  /**
   * A URL the server itself serves, e.g. managementUrl("/health/ready") or "/metrics": on the
   * bridge's own port on Payara Micro, on the management port on WildFly
   * (bridge.it.management-url).
   */
  public static URI managementUrl(String path) {
    String base = System.getProperty("bridge.it.management-url");
    return base == null ? url(path) : URI.create(base + path);
  }

  /** True when the suite runs on WildFly (arquillian.launch=wildfly), false on Payara Micro. */
  public static boolean onWildFly() {
    return "wildfly".equals(System.getProperty("arquillian.launch"));
  }

  public static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static FakeUdesk udesk() {
    return udesk;
  }

  /** The fake WeChat API (api.weixin.qq.com) every account of the bridge calls. */
  public static FakeWeChatApi wechat() {
    return wechat;
  }

  /** Udesk's video-recall API (mini-program QR codes) that bridge.video.qrcode-url points at. */
  public static FakeUdeskVideoApi udeskVideo() {
    return udeskVideo;
  }

  /**
   * The port bridge.video.qrcode-url actually points at: the fake Udesk video API, unless switched
   * off.
   */
  public static SwitchableTcpProxy udeskVideoSwitch() {
    return udeskVideoSwitch;
  }

  /** The bearer key of GET /admin/status (bridge-it.properties). */
  public static final String ADMIN_KEY = "admin-key-never-logged-3f7a";

  /** GET path with these headers (name, value, …), as text. */
  public static HttpResponse<String> get(String path, String... headers) {
    // health is the server's: on WildFly it is on the management port
    URI target = path.startsWith("/health") ? managementUrl(path) : url(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET /admin/status as an administrator. */
  public static HttpResponse<String> adminStatus() {
    return get("/admin/status", "Authorization", "Bearer " + ADMIN_KEY);
  }

  /**
   * Everything the server has logged so far: the file bridge.it.server-log names (Payara Micro's
   * --logtofile, which may add a suffix such as .0; WildFly's standalone/log/server.log).
   */
  public static String serverLog() {
    try {
      StringBuilder log = new StringBuilder();
      for (Path file : serverLogFiles()) {
        log.append(Files.readString(file, StandardCharsets.UTF_8));
      }
      return log.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> serverLogFiles() throws IOException {
    Path log =
        Path.of(
            System.getProperty("bridge.it.server-log", itDir().resolve("server.log").toString()));
    if (!Files.isDirectory(log.getParent())) {
      return List.of();
    }
    String name = log.getFileName().toString();
    try (var files = Files.list(log.getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith(name)).sorted().toList();
    }
  }
}
