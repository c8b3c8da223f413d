package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.relay.entity.AccountName;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.relay.entity.UdeskOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UdeskCallParserTest {
  private static final String X = "wxrelay0000000001";
  private final UdeskCallParser parser = new UdeskCallParser();

  private UdeskCall parse(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    if (!path.startsWith("/udesk")) {
      throw new IllegalArgumentException(path);
    }
    return parser.address(path.substring("/udesk".length()), query).call(method);
  }

  private UdeskCallException refused(String method, String pathAndQuery) {
    return assertThrows(UdeskCallException.class, () -> parse(method, pathAndQuery));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the example requests of Udesk's document (docs/protocol.md §8), on both configured forms
        "POST | /udesk/"
            + X
            + "                                                   | SEND_MESSAGE  | false",
        "POST | /udesk?appid="
            + X
            + "                                             | SEND_MESSAGE  | true",
        "POST | /udesk/"
            + X
            + "/                                                  | SEND_MESSAGE  | false",
        "POST | /udesk/?appid="
            + X
            + "                                            | SEND_MESSAGE  | true",
        "POST | /udesk/"
            + X
            + "?type=image                                        | UPLOAD_MEDIA  | false",
        "POST | /udesk?appid="
            + X
            + "&type=image                                  | UPLOAD_MEDIA  | true",
        "POST | /udesk?appid="
            + X
            + "?type=image                                  | UPLOAD_MEDIA  | true",
        "GET  | /udesk/"
            + X
            + "?media_id=abc&access_token=123                     | GET_MEDIA     | false",
        "GET  | /udesk?appid="
            + X
            + "&media_id=abc&access_token=123               | GET_MEDIA     | true",
        "GET  | /udesk?appid="
            + X
            + "?media_id=abc&access_token=123               | GET_MEDIA     | true",
        "GET  | /udesk/"
            + X
            + "?openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN    | USER_INFO     | false",
        "GET  | /udesk?appid="
            + X
            + "&openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN | USER_INFO | true",
        "GET  | /udesk?appid="
            + X
            + "?openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN | USER_INFO | true",
        "GET  | /udesk/"
            + X
            + "/template/get_all_private_template                 | TEMPLATE_LIST | false",
        "POST | /udesk/"
            + X
            + "/template/get_all_private_template                 | TEMPLATE_LIST | false",
        "GET  | /udesk?appid="
            + X
            + "/template/get_all_private_template           | TEMPLATE_LIST | true",
        "POST | /udesk?appid="
            + X
            + "/template/get_all_private_template           | TEMPLATE_LIST | true",
        "GET  | /udesk/template/get_all_private_template?appid="
            + X
            + "           | TEMPLATE_LIST | true",
        "POST | /udesk/template/get_all_private_template?appid="
            + X
            + "           | TEMPLATE_LIST | true",
        "GET  | /udesk/"
            + X
            + "//template/get_all_private_template                | TEMPLATE_LIST | false",
        "POST | /udesk/"
            + X
            + "/message/template/get_all_private_template         | TEMPLATE_LIST | false",
        "POST | /udesk/"
            + X
            + "/message/template/send                             | TEMPLATE_SEND | false",
        "POST | /udesk/"
            + X
            + "/message                                           | SEND_MESSAGE  | false",
        "POST | /udesk/"
            + X
            + "/message/custom/send                               | SEND_MESSAGE  | false",
        "POST | /udesk/"
            + X
            + "/custom/send                                       | SEND_MESSAGE  | false",
        "POST | /udesk?appid="
            + X
            + "/message                                     | SEND_MESSAGE  | true",
        "POST | /udesk?appid="
            + X
            + "/message/custom/send                         | SEND_MESSAGE  | true",
        "POST | /udesk/message?appid="
            + X
            + "                                     | SEND_MESSAGE  | true",
        "POST | /udesk/message/custom/send?appid="
            + X
            + "                         | SEND_MESSAGE  | true",
        "POST | /udesk/custom/send?appid="
            + X
            + "                                 | SEND_MESSAGE  | true",
        "POST | /udesk/"
            + X
            + "/template/send                                     | TEMPLATE_SEND | false",
        "POST | /udesk?appid="
            + X
            + "/message/template/send                       | TEMPLATE_SEND | true",
        "POST | /udesk?appid="
            + X
            + "/template/send                               | TEMPLATE_SEND | true",
        "POST | /udesk/message/template/send?appid="
            + X
            + "                       | TEMPLATE_SEND | true",
        "POST | /udesk/template/send?appid="
            + X
            + "                               | TEMPLATE_SEND | true",
        "POST | /udesk/"
            + X
            + "/message/template/send?appid="
            + X
            + "             | TEMPLATE_SEND | false",
        "POST | /udesk?appid="
            + X
            + "%2Fmessage%2Ftemplate%2Fsend                 | TEMPLATE_SEND | true",
        "GET  | /udesk?appid="
            + X
            + "%3Fopenid%3Do1                               | USER_INFO     | true",
        "GET  | /udesk?appid="
            + X
            + "/template/get_all_private_template?x=1        | TEMPLATE_LIST | true",
      })
  void recognisesEveryJoining(
      String method, String pathAndQuery, UdeskOperation operation, boolean inQuery) {
    UdeskCall call = parse(method, pathAndQuery);

    assertEquals(operation, call.operation());
    assertEquals(new AccountName(X, inQuery), call.account());
  }

  @Test
  void keepsOnlyWhatWeChatNeedsAndDropsThePlaceholderToken() {
    assertEquals(
        Map.of("media_id", "abc"),
        parse("GET", "/udesk?appid=" + X + "?media_id=abc&access_token=123").parameters());
    assertEquals(
        Map.of("openid", "o-NbF1HPuegFK5sa1psr7EEeSTSg", "lang", "zh_CN"),
        parse("GET", "/udesk/" + X + "?openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN")
            .parameters());
    assertEquals(
        Map.of("type", "image"), parse("POST", "/udesk?appid=" + X + "?type=image").parameters());
  }

  @Test
  void decodesParameters() {
    assertEquals(
        "a+b=", parse("GET", "/udesk/" + X + "?media_id=a%2Bb%3D").parameters().get("media_id"));
    UdeskCall call = parse("GET", "/udesk/" + X + "?lang=zh%5FCN&openid=o+x");
    assertEquals("zh_CN", call.parameters().get("lang"));
    assertEquals("o x", call.parameters().get("openid"));
  }

  @Test
  void anUdeskPathIsAPathSegmentLikeAnAppId() {
    UdeskCall call = parse("POST", "/udesk/Zq3-xT_9kLm2PqRs7vWy?type=voice");
    assertEquals(AccountName.path("Zq3-xT_9kLm2PqRs7vWy"), call.account());
    assertEquals(UdeskOperation.UPLOAD_MEDIA, call.operation());
  }

  @Test
  void aPostWithOtherQueryParametersIsStillASend() {
    assertEquals(
        UdeskOperation.SEND_MESSAGE,
        parse("POST", "/udesk/" + X + "?access_token=123").operation());
  }

  @Test
  void anAppIdFollowedByAnythingButASuffixNamesNoAccount() {
    UdeskCall call = parse("GET", "/udesk?appid=" + X + "%3Bx&openid=o1");
    assertEquals(AccountName.query(X + ";x"), call.account()); // Accounts answers 404 for it
  }

  @Test
  void noAccountNamed() {
    assertEquals(404, refused("POST", "/udesk").status());
    assertEquals(404, refused("GET", "/udesk?openid=o1").status());
    assertEquals(404, refused("GET", "/udesk/template/get_all_private_template").status());
    assertEquals(40013, refused("POST", "/udesk/message/template/send").errcode());
  }

  @Test
  void twoDifferentAccountsNamed() {
    assertEquals(400, refused("GET", "/udesk/" + X + "?appid=wxother&openid=o1").status());
    assertEquals(400, refused("GET", "/udesk?appid=" + X + "&appid=wxother&openid=o1").status());
  }

  /** Which of two values Udesk meant would be a guess; the same value twice is no question. */
  @Test
  void aParameterGivenTwiceWithTwoValuesIsRefused() {
    for (String query :
        new String[] {
          "?openid=oX&openid=oY", "?media_id=a&media_id=b", "?openid=o1&lang=en&lang=zh_CN"
        }) {
      UdeskCallException twice = refused("GET", "/udesk/" + X + query);
      assertEquals(400, twice.status(), query);
      assertEquals(40035, twice.errcode(), query);
    }
    assertEquals(40035, refused("POST", "/udesk/" + X + "?type=image&type=voice").errcode());
    assertEquals(
        Map.of("openid", "o1"),
        parse("GET", "/udesk/" + X + "?openid=o1&openid=o1&access_token=1&access_token=2")
            .parameters(),
        "the same value twice, and the placeholder token however often");
  }

  @Test
  void unknownSuffix() {
    UdeskCallException unknown = refused("GET", "/udesk/" + X + "/cgi-bin/token");
    assertEquals(404, unknown.status());
    assertEquals(40066, unknown.errcode());
    assertEquals(404, refused("POST", "/udesk/" + X + "/template").status());
  }

  @Test
  void templateSendNeedsPost() {
    UdeskCallException get = refused("GET", "/udesk/" + X + "/message/template/send");
    assertEquals(405, get.status());
    assertEquals(43002, get.errcode());
  }

  /** Seed 002's request line for the template list names the domain itself, no parameters. */
  @Test
  void aGetOfTheDomainItselfAsksForTheTemplateList() {
    for (String call :
        List.of(
            "/udesk/" + X,
            "/udesk/" + X + "/",
            "/udesk?appid=" + X,
            "/udesk/" + X + "?access_token=123")) {
      assertEquals(UdeskOperation.TEMPLATE_LIST, parse("GET", call).operation(), call);
    }
  }

  @Test
  void aGetMustSayWhatItWants() {
    assertEquals(40035, refused("GET", "/udesk/" + X + "?lang=zh_CN").errcode());
    assertEquals(40035, refused("GET", "/udesk/" + X + "?media_id=a&openid=b").errcode());
    assertEquals(43002, refused("GET", "/udesk/" + X + "?type=image").errcode());
  }

  @Test
  void malformedPercentEncoding() {
    assertEquals(400, refused("GET", "/udesk/" + X + "?openid=%zz").status());
    assertEquals(
        400,
        refused("GET", "/udesk/" + X + "?openid=o%\uFF14\uFF11").status(),
        "fullwidth digits are no escape (Character.digit would read %\uFF14\uFF11 as 'A')");
    assertEquals("oAj", parse("GET", "/udesk/" + X + "?openid=o%41%6a").parameters().get("openid"));
  }

  /** URLDecoder reads them as U+FFFD: WeChat would be asked for another media_id. */
  @Test
  void percentEncodedBytesThatAreNotUtf8AreRefusedLikeBrokenEscapes() {
    for (String call :
        new String[] {
          "/udesk/" + X + "?media_id=%FF%FE",
          "/udesk/" + X + "?openid=o%E4%B8",
          "/udesk?appid=" + X + "%C0%AF&openid=o1",
          "/udesk/%FF?openid=o1"
        }) {
      UdeskCallException refused = refused("GET", call);
      assertEquals(400, refused.status(), call);
      assertEquals(40035, refused.errcode(), call);
    }
    assertEquals(
        "中\uFFFD",
        parse("GET", "/udesk/" + X + "?media_id=%E4%B8%AD%EF%BF%BD").parameters().get("media_id"),
        "a U+FFFD Udesk sent is text like any other");
  }

  /**
   * The account comes first: an unknown one is 404 however its call is shaped (the shape is not
   * looked at until the account is found and the caller admitted).
   */
  @Test
  void theAccountIsNamedBeforeTheCallsShapeIsLookedAt() {
    for (String[] call :
        new String[][] {
          {"GET", "/..%2fadmin%2fstatus", "lang=zh_CN"},
          {"GET", "/" + X + "/cgi-bin/token", null},
          {"GET", "/" + X + "/message/template/send", null},
          {"GET", "/" + X, "openid=a&openid=b"}
        }) {
      UdeskCallParser.Addressed addressed = parser.address(call[1], call[2]);
      assertEquals(
          call[1].startsWith("/..") ? AccountName.path("../admin/status") : AccountName.path(X),
          addressed.account());
      assertThrows(UdeskCallException.class, () -> addressed.call(call[0]), call[1]);
    }
  }
}
