package io.wxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * /openapi describes every operation the application serves, with the error shape of its face, and
 * no path it does not serve. The expected operations are read from the compiled resource classes
 * (every class with @Path that is not a REST client interface), so a new resource fails here until
 * it is described, and a path the server would describe wrongly (a REST client's, say) fails too.
 */
public abstract class ApiDescriptionChecks {

  @Test
  void everyOperationTheApplicationServesIsDescribedWithItsErrorShape() {
    HttpResponse<String> response = TestBridge.get("/openapi", "Accept", "application/json");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject description = Json.createReader(new StringReader(response.body())).readObject();
    // Payara writes a template's regular expression ("/udesk/{path: .*}"), WildFly does not
    var byPath = Json.createObjectBuilder();
    description.getJsonObject("paths").forEach((path, item) -> byPath.add(openApiPath(path), item));
    JsonObject paths = byPath.build();
    Set<String> served = servedOperations();
    assertTrue(served.size() >= 8, "the resources were found: " + served);
    assertEquals(
        served.stream()
            .map(operation -> operation.substring(operation.indexOf(' ') + 1))
            .collect(Collectors.toCollection(TreeSet::new)),
        new TreeSet<>(paths.keySet()),
        "/openapi lists every path the bridge serves, and no other");
    for (String operation : served) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1);
      assertTrue(
          paths.containsKey(path) && paths.getJsonObject(path).containsKey(method),
          operation + " is described; /openapi has " + paths.keySet());
      JsonObject described = paths.getJsonObject(path).getJsonObject(method);
      assertFalse(described.getString("summary", "").isBlank(), operation + " has a summary");
      String error =
          described.getJsonObject("responses").getJsonObject("default").getString("$ref", "");
      assertEquals(
          "#/components/responses/"
              + (path.startsWith("/wechat/")
                  ? JaxRsActivator.PUSH_REFUSED
                  : JaxRsActivator.WECHAT_ERROR),
          error,
          operation + "'s errors");
    }
    JsonObject errcode =
        description
            .getJsonObject("components")
            .getJsonObject("schemas")
            .getJsonObject(JaxRsActivator.WECHAT_ERROR)
            .getJsonObject("properties");
    assertEquals(Set.of("errcode", "errmsg"), errcode.keySet(), "the WeChat-shaped error");
  }

  /**
   * The REST client interfaces of the WeChat API carry JAX-RS annotations on their methods: a
   * scanned application took them for resources (Jersey warned at each start, Payara listed their
   * paths among the bridge's endpoints). Named in the activation, they are not.
   */
  @Test
  void theServerTakesNoRestClientInterfaceForAResource() {
    assumeFalse(TestBridge.onWildFly(), "RESTEasy takes only classes with @Path for resources");
    String log = TestBridge.serverLog();
    assertTrue(log.contains("Prepared for a stop"), "the server's log, from the bridge's start");
    assertFalse(log.contains("cannot be instantiated"), "no resource the server cannot create");
    assertFalse(log.contains("//cgi-bin/"), "no REST client's path among the endpoints");
  }

  /** "get /udesk/{path}" for every resource method, as OpenAPI writes paths. */
  static Set<String> servedOperations() {
    Set<String> operations = new TreeSet<>();
    for (JavaClass resource :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wxbridge")) {
      if (!resource.isAnnotatedWith(Path.class) || resource.isInterface()) {
        continue;
      }
      Class<?> type = resource.reflect();
      String base = type.getAnnotation(Path.class).value();
      for (Method method : type.getDeclaredMethods()) {
        for (var annotation : method.getAnnotations()) {
          HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
          if (http != null) {
            Path sub = method.getAnnotation(Path.class);
            operations.add(
                http.value().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + openApiPath(base + (sub == null ? "" : "/" + sub.value())));
          }
        }
      }
    }
    return operations;
  }

  /** "/udesk/{path}" for "udesk/{path: .*}": leading slash, no regular expression. */
  static String openApiPath(String jaxRsPath) {
    String path =
        ("/" + jaxRsPath).replaceAll("/+", "/").replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
