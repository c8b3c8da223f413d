package io.wxbridge.token.entity;

import io.wxbridge.accounts.entity.AppId;
import java.util.OptionalInt;

/**
 * Fired (CDI event) after every access-token fetch, by whichever way the account gets its tokens:
 * what the metrics count. Never the token.
 *
 * @param failure the errcode callers get while the fetch's failure is waited out; empty on success
 */
public record TokenFetch(AppId appId, OptionalInt failure) {}
