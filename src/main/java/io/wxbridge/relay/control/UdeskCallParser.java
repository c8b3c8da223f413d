package io.wxbridge.relay.control;

import io.wxbridge.relay.entity.AccountName;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.text.entity.PercentEncoding;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a call on the simulated domain from its method, path and query, whichever way Udesk
 * joined its suffix to the configured domain. Udesk appends "?type=…", "?media_id=…", "?openid=…",
 * "/template/get_all_private_template", "/message/template/send" or (seed 002) "/message" to
 * whatever the administrator configured, and its documentation does not say how it joins them to a
 * domain that already has a query. So all of these name account X:
 *
 * <pre>
 * /udesk/X?openid=…            /udesk?appid=X&amp;openid=…        /udesk?appid=X?openid=…
 * /udesk/X/template/…          /udesk/template/…?appid=X      /udesk?appid=X/template/…
 * </pre>
 *
 * An AppID is only ever letters and digits, so the first other character after appid= ends it.
 * Empty path segments are ignored (a configured domain ending in "/" gives "X//template/…").
 */
public final class UdeskCallParser {
  private static final Pattern APPID_VALUE = Pattern.compile("([A-Za-z0-9]*)(.*)", Pattern.DOTALL);
  private static final Map<List<String>, UdeskOperation> SUFFIXES =
      Map.of(
          // seed 002's change log: "发送消息接口添加 /message 前缀" (the send got a /message prefix)
          List.of("message"), UdeskOperation.SEND_MESSAGE,
          List.of("message", "custom", "send"), UdeskOperation.SEND_MESSAGE,
          List.of("custom", "send"), UdeskOperation.SEND_MESSAGE,
          List.of("template", "get_all_private_template"), UdeskOperation.TEMPLATE_LIST,
          List.of("message", "template", "get_all_private_template"), UdeskOperation.TEMPLATE_LIST,
          List.of("message", "template", "send"), UdeskOperation.TEMPLATE_SEND,
          List.of("template", "send"), UdeskOperation.TEMPLATE_SEND);
  private static final List<String> FORWARDED = List.of("type", "media_id", "openid", "lang");

  /**
   * Finds the account a call names; what the call asks for is recognised by {@link Addressed#call},
   * once the account was found and the caller admitted: an unknown account is a 404 however its
   * call is shaped, and a caller who may not call learns nothing about the shape.
   *
   * @param path the request path after /udesk, still percent-encoded (may be empty)
   * @param rawQuery the query as received, still percent-encoded (may be null)
   * @throws UdeskCallException when the call names no account or two, or its encoding is broken
   */
  public Addressed address(String path, String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    Set<String> twice = new LinkedHashSet<>();
    List<String> segments = segments(path);
    Optional<String> queryAppId = readQuery(rawQuery, query, twice, segments);
    if (queryAppId.isPresent() && (segments.isEmpty() || SUFFIXES.containsKey(segments))) {
      return new Addressed(AccountName.query(queryAppId.get()), segments, query, twice);
    }
    if (segments.isEmpty() || SUFFIXES.containsKey(segments)) {
      throw UdeskCallException.noAccount();
    }
    if (queryAppId.isPresent() && !queryAppId.get().equals(segments.get(0))) {
      throw UdeskCallException.twoAccounts();
    }
    return new Addressed(
        AccountName.path(segments.get(0)), segments.subList(1, segments.size()), query, twice);
  }

  /**
   * A call whose account is known.
   *
   * @param suffix the path after the account, decoded
   * @param query every query parameter but appid, decoded (the first value of each)
   * @param twice the parameters the bridge reads or passes on given twice with two values
   */
  public record Addressed(
      AccountName account, List<String> suffix, Map<String, String> query, Set<String> twice) {
    public Addressed {
      suffix = List.copyOf(suffix);
      query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
      twice = Collections.unmodifiableSet(new LinkedHashSet<>(twice));
    }

    /**
     * @param method GET or POST
     * @throws UdeskCallException for a call that is not on Udesk's list
     */
    public UdeskCall call(String method) {
      if (!twice.isEmpty()) {
        // which of the two values Udesk meant is a guess (the same value twice, as a URL joined
        // twice has it, is no question)
        throw UdeskCallException.invalidParameter(
            twice.iterator().next() + " is given twice, with two values");
      }
      return new UdeskCall(account, operation(method, suffix, query), forwarded(query));
    }

    /**
     * A POST's call once its body is read: on the domain itself, without parameters, an empty body
     * asks for the template list (seed 002's list: "POST", its request line the domain, "请求参数 无"),
     * as the GET does; an empty body is never a message to send.
     */
    public UdeskCall posted(UdeskCall call, byte[] body) {
      boolean empty = new String(body, StandardCharsets.ISO_8859_1).isBlank();
      return call.operation() == UdeskOperation.SEND_MESSAGE
              && suffix.isEmpty()
              && call.parameters().isEmpty()
              && empty
          ? call.asking(UdeskOperation.TEMPLATE_LIST)
          : call;
    }
  }

  private static UdeskOperation operation(
      String method, List<String> suffix, Map<String, String> query) {
    boolean post = "POST".equalsIgnoreCase(method);
    if (!suffix.isEmpty()) {
      UdeskOperation operation = SUFFIXES.get(suffix);
      if (operation == null) {
        throw UdeskCallException.unknownPath();
      }
      if ((operation == UdeskOperation.TEMPLATE_SEND || operation == UdeskOperation.SEND_MESSAGE)
          && !post) {
        throw UdeskCallException.requirePost();
      }
      return operation;
    }
    if (post) {
      return query.containsKey("type") ? UdeskOperation.UPLOAD_MEDIA : UdeskOperation.SEND_MESSAGE;
    }
    if (query.containsKey("media_id") && query.containsKey("openid")) {
      throw UdeskCallException.invalidParameter(
          "give media_id (media) or openid (user info), not both");
    }
    if (query.containsKey("media_id")) {
      return UdeskOperation.GET_MEDIA;
    }
    if (query.containsKey("openid")) {
      return UdeskOperation.USER_INFO;
    }
    if (query.containsKey("type")) {
      throw UdeskCallException.requirePost();
    }
    if (query.containsKey("lang")) {
      throw UdeskCallException.invalidParameter("user info (lang=…) needs openid=…");
    }
    // seed 002's request line for the template list: "GET '客户填写的模拟域名地址'", no parameters
    return UdeskOperation.TEMPLATE_LIST;
  }

  /**
   * Reads the query into {@code into}; returns the appid, adding any suffix joined to it to {@code
   * segments}.
   */
  private static Optional<String> readQuery(
      String rawQuery, Map<String, String> into, Set<String> twice, List<String> segments) {
    Optional<String> appId = Optional.empty();
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("[&?]")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("appid")) {
        Matcher value = APPID_VALUE.matcher(decode(rawValue));
        value.matches();
        String rest = value.group(2);
        // an AppID is letters and digits: what follows it is the suffix or query Udesk joined on
        String named =
            rest.startsWith("/") || rest.startsWith("?") ? value.group(1) : value.group();
        if (appId.isPresent() && !appId.get().equals(named)) {
          throw UdeskCallException.twoAccounts();
        }
        appId = Optional.of(named);
        if (rest.startsWith("/")) {
          int query = rest.indexOf('?');
          segments.addAll(segments(query < 0 ? rest : rest.substring(0, query)));
          readQuery(query < 0 ? null : rest.substring(query + 1), into, twice, segments);
        } else if (rest.startsWith("?")) {
          // the joining was percent-encoded: ?appid=X%3Fopenid%3D…
          readQuery(rest.substring(1), into, twice, segments);
        }
      } else {
        String value = decode(rawValue);
        String before = into.putIfAbsent(name, value);
        if (before != null && !before.equals(value) && FORWARDED.contains(name)) {
          twice.add(name);
        }
      }
    }
    return appId;
  }

  private static Map<String, String> forwarded(Map<String, String> query) {
    Map<String, String> forwarded = new LinkedHashMap<>();
    for (String name : FORWARDED) {
      String value = query.get(name);
      if (value != null) {
        forwarded.put(name, value);
      }
    }
    return forwarded;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    if (path != null) {
      Arrays.stream(path.split("/"))
          .filter(s -> !s.isEmpty())
          .map(UdeskCallParser::decodePath)
          .forEach(segments::add);
    }
    return segments;
  }

  /** Strict: URLDecoder's U+FFFD for bytes that are not UTF-8 would name another media_id. */
  private static String decode(String raw) {
    try {
      return PercentEncoding.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | CharacterCodingException malformed) {
      throw UdeskCallException.invalidParameter(
          "malformed percent-encoding, or not UTF-8, in the query or path");
    }
  }

  private static String decodePath(String raw) {
    return decode(raw.replace("+", "%2B")); // '+' is a plus sign in a path, not a space
  }
}
