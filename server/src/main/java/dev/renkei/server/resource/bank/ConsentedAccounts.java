package dev.renkei.server.resource.bank;

import java.util.UUID;

/**
 * Who asks a bank inquiry: a customer through one consent. Only the accounts that consent covers
 * may be seen; the authenticated OAuth access token names both.
 */
public interface ConsentedAccounts {

    /** The Renkei account of the customer who consented (the access token's subject). */
    UUID customerAccountId();

    /** The consent the access token was issued under. */
    UUID consentId();
}
