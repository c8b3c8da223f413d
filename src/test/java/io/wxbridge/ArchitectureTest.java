package io.wxbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The package rules of STYLE.md §2, checked on the compiled classes: packages
 * io.wxbridge.&lt;feature&gt;.{boundary,control,entity}, dependencies inside a feature run boundary
 * → control → entity, features call each other only along the arrows below and never in a cycle.
 * Every feature may use the root package (ProblemException); the root holds only JAX-RS activation
 * and the one error mapper.
 */
class ArchitectureTest {
  private static final String ROOT = "io.wxbridge";
  private static final String FEATURES =
      "[push|forward|relay|access|wechatapi|token|videorecall|accounts|outbound|status|inbox|database|configuration|metrics|requests|wechatxml|text]";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);
  private static final JavaClasses MAIN_AND_TESTS = new ClassFileImporter().importPackages(ROOT);

  @Test
  void classesLiveInTheRootOrInAFeaturesBoundaryControlOrEntity() {
    classes()
        .that()
        .doNotHaveSimpleName("package-info")
        .should()
        .resideInAnyPackage(ROOT, ROOT + "." + FEATURES + ".[boundary|control|entity]")
        .check(MAIN);
  }

  @Test
  void theRootHoldsOnlyActivationTheErrorMappingAndTheJsonProvider() {
    classes()
        .that()
        .resideInAPackage(ROOT)
        .should()
        .haveNameMatching(
            "io\\.wxbridge\\.(JaxRsActivator|ProblemMapper|ProblemException|SharedJson|package-info)"
                + "(\\$.*)?")
        .check(MAIN);
  }

  @Test
  void entitiesDependOnNoControlOrBoundary() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".*.entity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".*.control..", ROOT + ".*.boundary..")
        .check(MAIN);
  }

  /**
   * Each static Json.create… call and each provider() runs a ServiceLoader lookup: SharedJson's.
   */
  @Test
  void jsonIsBuiltAndReadThroughTheOneSharedProvider() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(ROOT + ".SharedJson")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jakarta.json.Json")
        .orShould()
        .callMethod("jakarta.json.spi.JsonProvider", "provider")
        .check(MAIN);
  }

  @Test
  void controlDependsOnNoBoundary() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".*.control..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".*.boundary..")
        .check(MAIN);
  }

  /** Resources and providers are named in the activation, not scanned: every one of them. */
  @Test
  void everyResourceAndProviderIsRegisteredByTheActivation() {
    Set<Class<?>> annotated =
        MAIN.stream()
            .filter(
                type -> type.isAnnotatedWith(Path.class) || type.isAnnotatedWith(Provider.class))
            .map(JavaClass::reflect)
            .collect(Collectors.toSet());
    assertEquals(annotated, new JaxRsActivator().getClasses());
  }

  @Test
  void featuresFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /** Who may call whom; a feature not named in another's list must not be used by it. */
  @Test
  void featuresCallOnlyAlongTheAllowedArrows() {
    LayeredArchitecture features =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("root")
            .definedBy(ROOT)
            .layer("push")
            .definedBy(ROOT + ".push..")
            .layer("forward")
            .definedBy(ROOT + ".forward..")
            .layer("relay")
            .definedBy(ROOT + ".relay..")
            .layer("videorecall")
            .definedBy(ROOT + ".videorecall..")
            .layer("wechatapi")
            .definedBy(ROOT + ".wechatapi..")
            .layer("token")
            .definedBy(ROOT + ".token..")
            .layer("access")
            .definedBy(ROOT + ".access..")
            .layer("accounts")
            .definedBy(ROOT + ".accounts..")
            .layer("outbound")
            .definedBy(ROOT + ".outbound..")
            .layer("status")
            .definedBy(ROOT + ".status..")
            .layer("inbox")
            .definedBy(ROOT + ".inbox..")
            .layer("database")
            .definedBy(ROOT + ".database..")
            .layer("metrics")
            .definedBy(ROOT + ".metrics..")
            .layer("requests")
            .definedBy(ROOT + ".requests..")
            .layer("wechatxml")
            .definedBy(ROOT + ".wechatxml..")
            .layer("text")
            .definedBy(ROOT + ".text..")
            .whereLayer("push")
            .mayOnlyAccessLayers(
                "root", "forward", "inbox", "accounts", "requests", "wechatxml", "text")
            .whereLayer("forward")
            .mayOnlyAccessLayers("root", "outbound", "accounts")
            .whereLayer("relay")
            .mayOnlyAccessLayers("root", "wechatapi", "access", "accounts", "requests", "text")
            .whereLayer("videorecall")
            .mayOnlyAccessLayers(
                "root",
                "wechatapi",
                "access",
                "accounts",
                "outbound",
                "database",
                "requests",
                "text")
            // wechatapi, token and inbox name in their lines the request their work is for
            .whereLayer("wechatapi")
            .mayOnlyAccessLayers("root", "token", "outbound", "accounts", "requests", "text")
            .whereLayer("token")
            .mayOnlyAccessLayers("root", "outbound", "database", "accounts", "requests", "text")
            .whereLayer("access")
            .mayOnlyAccessLayers("root", "text")
            .whereLayer("accounts")
            .mayOnlyAccessLayers("root")
            .whereLayer("outbound")
            .mayOnlyAccessLayers("root")
            .whereLayer("status")
            .mayOnlyAccessLayers("root", "access", "accounts", "token", "inbox")
            .whereLayer("inbox")
            .mayOnlyAccessLayers(
                "root",
                "forward",
                "wechatapi",
                "database",
                "accounts",
                "outbound",
                "requests",
                "wechatxml",
                "text")
            .whereLayer("database")
            .mayOnlyAccessLayers("root")
            // metrics observes the events the others fire and reads their gauges; nobody calls it
            .whereLayer("metrics")
            .mayOnlyAccessLayers(
                "root",
                "access",
                "accounts",
                "inbox",
                "push",
                "forward",
                "relay",
                "token",
                "wechatapi",
                "videorecall",
                "outbound")
            .whereLayer("requests")
            .mayOnlyAccessLayers("root")
            .whereLayer("wechatxml")
            .mayOnlyAccessLayers("root", "text")
            .whereLayer("text")
            .mayOnlyAccessLayers("root");
    features.check(MAIN);
  }

  @Test
  void nobodyWritesToStandardStreamsOrPrintsStackTraces() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(MAIN_AND_TESTS);
  }

  @Test
  void noClassIsNamedImplManagerUtilOrHelper() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Impl")
        .orShould()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .check(MAIN_AND_TESTS);
  }
}
