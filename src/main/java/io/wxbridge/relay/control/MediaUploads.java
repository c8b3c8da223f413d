package io.wxbridge.relay.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.relay.entity.ContentDisposition;
import io.wxbridge.relay.entity.ContentType;
import io.wxbridge.requests.control.RefusedBody;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.entity.MediaUpload;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Udesk's "upload temporary media" (POST ?type=TYPE, multipart field media, Udesk §3): the file
 * part streams from Udesk's request into WeChat's POST /cgi-bin/media/upload, keeping its file name
 * and content type. A declared Content-Length over the limit is refused before a byte is read; a
 * file that turns out larger is stopped while it streams. Whatever ends an upload before its body's
 * end, the rest is read and dropped within a bound ({@link RefusedBody}), so that the agent reads
 * the answer.
 */
@ApplicationScoped
public class MediaUploads {
  public static final String MAX_UPLOAD_BYTES = "bridge.media.max-upload-bytes";
  static final Set<String> MEDIA_TYPES = Set.of("image", "voice", "video", "thumb");

  /**
   * Room for the multipart framing around the file (boundaries, part headers, other small fields).
   */
  static final long FRAMING_ALLOWANCE = 64 * 1024;

  @Inject WeChatApi wechat;

  @Inject
  @ConfigProperty(name = MAX_UPLOAD_BYTES)
  long maxUploadBytes;

  /**
   * @param type the ?type= value
   * @param contentType the request's Content-Type (multipart/form-data with a boundary)
   * @param contentLength the request's declared length, if any
   * @return WeChat's answer ({"type","media_id","created_at"} or an errcode), unchanged
   */
  public WeChatAnswer upload(
      Account account,
      String type,
      String contentType,
      OptionalLong contentLength,
      InputStream request,
      OnBehalfOf caller) {
    String mediaType = mediaType(type);
    if (contentLength.isPresent()
        && contentLength.getAsLong() > maxUploadBytes + FRAMING_ALLOWANCE) {
      throw UdeskCallException.mediaTooLarge(maxUploadBytes);
    }
    try {
      return stream(account, mediaType, contentLength, request, boundary(contentType), caller);
    } catch (RuntimeException failed) {
      // answered before the body's end (refused, or WeChat failed): the agent may still be sending
      if (!(failed instanceof ProblemException problem && problem.requestBrokeOff())) {
        RefusedBody.dropRest(request);
      }
      throw failed;
    }
  }

  private WeChatAnswer stream(
      Account account,
      String mediaType,
      OptionalLong contentLength,
      InputStream request,
      String boundary,
      OnBehalfOf caller) {
    MultipartReader reader = new MultipartReader(request, boundary);
    MultipartPart media = mediaPart(reader);
    ContentDisposition disposition =
        ContentDisposition.parse(media.header("content-disposition").orElse(""));
    UploadLimit file = new UploadLimit(reader.bodyThenClosing(FRAMING_ALLOWANCE), maxUploadBytes);
    String fileType = media.header("content-type").orElse("application/octet-stream");
    MediaUpload upload =
        new MediaUpload(
            disposition.fileName().orElseGet(() -> defaultFileName(fileType)),
            fileType,
            file,
            expectedLength(contentLength, reader));
    try {
      return wechat.uploadMedia(account, mediaType, upload, caller);
    } catch (RuntimeException failure) {
      Optional<UdeskCallException> ours = file.problem();
      if (ours.isPresent()) {
        ours.get().addSuppressed(failure);
        throw ours.get();
      }
      throw failure;
    }
  }

  /**
   * The file's length if the media part is the last and the body ends as curl, browsers and HTTP
   * libraries end it (CRLF after the closing boundary): the request's length less what came before
   * the file and the closing. Only an expectation, checked as the file streams (WeChatApi sends the
   * spooled copy when it is wrong); -1 when the request's length is unknown.
   */
  static long expectedLength(OptionalLong contentLength, MultipartReader reader) {
    if (contentLength.isEmpty()) {
      return -1;
    }
    long expected = contentLength.getAsLong() - reader.offset() - reader.closingLength();
    return expected >= 0 ? expected : -1;
  }

  /**
   * WeChat tells a file's format by its name's extension: a nameless part is named after its type.
   */
  static String defaultFileName(String contentType) {
    String type = ContentType.parse(contentType).map(ContentType::mediaType).orElse("");
    return "media"
        + switch (type) {
          case "image/jpeg", "image/jpg", "image/pjpeg" -> ".jpg";
          case "image/png" -> ".png";
          case "image/gif" -> ".gif";
          case "audio/amr" -> ".amr";
          case "audio/mpeg", "audio/mp3" -> ".mp3";
          case "video/mp4" -> ".mp4";
          default -> "";
        };
  }

  private static String mediaType(String type) {
    String lower = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPES.contains(lower)) {
      throw UdeskCallException.invalidMediaType();
    }
    return lower;
  }

  private static String boundary(String contentType) {
    Optional<ContentType> type = ContentType.parse(contentType);
    Optional<String> boundary =
        type.filter(t -> t.is("multipart/form-data"))
            .flatMap(t -> t.parameter("boundary"))
            .filter(b -> !b.isEmpty() && b.length() <= 200);
    return boundary.orElseThrow(
        () ->
            UdeskCallException.unsupportedContentType(
                "multipart/form-data with the file in a field named media"));
  }

  private static MultipartPart mediaPart(MultipartReader reader) {
    try {
      // the fields before the file have the framing's allowance, also in a body without a length
      for (Optional<MultipartPart> part = reader.next(FRAMING_ALLOWANCE);
          part.isPresent();
          part = reader.next(FRAMING_ALLOWANCE)) {
        String name =
            ContentDisposition.parse(part.get().header("content-disposition").orElse(""))
                .name()
                .orElse("");
        if (name.equals("media")) {
          return part.get();
        }
      }
    } catch (TooFarInException tooFarIn) {
      throw UdeskCallException.tooMuchBeforeMedia(FRAMING_ALLOWANCE);
    } catch (MalformedMultipartException malformed) {
      throw UdeskCallException.malformed("multipart body: " + malformed.getMessage());
    } catch (IOException broken) {
      throw UdeskCallException.cutOff("the upload");
    }
    throw UdeskCallException.missing(41005, "media data (multipart field media)");
  }
}
