/**
 * The inbox's work: the database and its migrations, recording and identifying pushes, delivery
 * attempts with late answers, redelivery, customer-service replies, replay protection and the
 * operator's counts.
 */
package io.wxbridge.inbox.control;
