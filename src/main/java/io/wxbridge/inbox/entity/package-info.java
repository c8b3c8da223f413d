/**
 * The inbox's values: a recorded push and its identity, its state, what an operator sees per
 * account, and the replay guard's verdict.
 */
package io.wxbridge.inbox.entity;
