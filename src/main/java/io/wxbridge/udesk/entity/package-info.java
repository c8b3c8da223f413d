/** What the bridge sends to and reads from Udesk's APIs. */
package io.wxbridge.udesk.entity;
