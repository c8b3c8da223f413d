/** The inbox's entry point: the redelivery schedule, started with the application. */
package io.wxbridge.inbox.boundary;
