package io.wxbridge.benchmark.naive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Issue 9's "naive relay": what a team would write instead of the bridge, WxJava on Spring Boot
 * with their defaults, run by the benchmark in a JVM of its own ({@link NaiveRelayProcess}). Not
 * part of the bridge: it lives in the test sources and only the benchmark starts it.
 */
@SpringBootApplication
public class NaiveRelayApplication {
  public static void main(String[] args) {
    // a test JVM killed outright (failsafe's timeout) runs no shutdown hook to stop this one
    ProcessHandle.current()
        .parent()
        .ifPresent(benchmark -> benchmark.onExit().thenRun(() -> System.exit(1)));
    SpringApplication.run(NaiveRelayApplication.class, args);
  }
}
