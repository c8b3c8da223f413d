/**
 * The bridge's own database: the server DataSource named by bridge.datasource, or the embedded H2
 * file, and its Flyway migrations. Used by the inbox, by the token service (classic tokens shared
 * between instances) and by video recall (the signed requests already accepted); calls no other
 * feature.
 */
package io.wxbridge.database;
