/**
 * The inbox's entry points: the redelivery schedule, started with the application, and the stop,
 * which waits for the pushes in flight before the database closes.
 */
package io.wxbridge.inbox.boundary;
