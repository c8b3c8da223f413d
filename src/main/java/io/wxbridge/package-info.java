/**
 * What spans every feature: JAX-RS activation and the API description's shared parts ({@code
 * JaxRsActivator}), the one error mapper ({@code ProblemMapper}) and the exception it maps ({@code
 * ProblemException}), which each feature extends once, and the one JSON-P provider ({@code
 * SharedJson}). Every feature may use this package; it uses none of them.
 */
package io.wxbridge;
