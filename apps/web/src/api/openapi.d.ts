// Generated from docs/openapi.json by `npm run generate`; do not edit.

export interface paths {
    "/v1/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List findings, newest first, filtered by cluster, rule, severity, namespace, user and time.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listFindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One finding, with the raw audit event it is about.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getFinding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Exact finding counts grouped by rule, severity, cluster or day, with the same filters as the list; for dashboards.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["countFindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/{id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A finding's triage: its current state (derived from the immutable transition rows), SLA, pending four-eyes request and every transition.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getFindingReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Triage a finding: acknowledge, resolve with a disposition, or reopen. False positives and risk acceptances of high and critical findings wait for a second approver.
         * @description Roles: admin, analyst.
         */
        post: operations["transitionFinding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/{id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Four eyes: approve or reject a finding's pending resolution. The approver must be a different person from the requester.
         * @description Roles: admin, analyst.
         */
        post: operations["decideFinding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/findings/triage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Triage every finding a filter matches. dry_run (the default) only counts them; with dry_run false each finding gets its own transition, and findings whose state does not allow it are listed as skipped.
         * @description Roles: admin, analyst.
         */
        post: operations["bulkTriage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search stored audit events, newest first.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["searchEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Payloads ingest or the analyzer could not read as audit events, with the reason.
         * @description Roles: admin, analyst.
         */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sign-offs of a framework (or one control) whose period overlaps [start, end), oldest first. Only attestations whose clusters all lie in the scope asked for (default: every cluster the caller may see) are listed; asking for a cluster outside the token's scope is a 403.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listAttestations"];
        put?: never;
        /**
         * Sign off a periodic review: "I reviewed the N findings of control X for period P", with a statement. N is counted by vigil at signing time.
         * @description Roles: admin, analyst.
         */
        post: operations["createAttestation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How complete the stream was in a period: expected and covered minutes, gaps found from the stored arrival minutes, gaps recorded live by the gap check, and dropped events.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getCoverage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate the evidence report of one control for a period and scope, as of a snapshot; it is stored under its id and returned.
         * @description Roles: admin, analyst, auditor.
         */
        post: operations["createReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored report (its latest generation), rendered in the asked format; the ETag is the SHA-256 of the bytes.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/frameworks/{framework}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every control of a framework for a period and scope in one view: each status and its counts, as that control's report gives them (populations are counted, not recorded).
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getFrameworkSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/populations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run a control's population (every stored event its population rules matched in the period and scope, as of a snapshot; or, with source=access_log, every request to vigil's own API in the period and scope), record the run, and return its manifest: exact SQL, parameters, hashes, row count.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getPopulation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/populations/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A control's population counted per UTC day of the event: the same rows as GET /v1/populations for the same period, scope and snapshot (each event once, however many population rules matched it), for charts. Nothing is recorded.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getPopulationDaily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/populations/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a recorded population: RFC 4180 CSV (UTF-8 BOM, CRLF, formula guard; columns documented at …/csv-metadata) or NDJSON of the exact stored records, whose SHA-256 is the run's result_sha256. The stored query is re-executed at its snapshot; nothing is held in memory.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["exportPopulation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/populations/{id}/csv-metadata": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The W3C CSVW description of a population's CSV export: every column's name, datatype and meaning.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getPopulationCsvMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/populations/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-execute a recorded population with its exact SQL and parameters (snapshot included) and compare: same row count and hash, or what changed.
         * @description Roles: admin, analyst, auditor.
         */
        post: operations["rerunPopulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draw a sample from a recorded population: seeded random (sha256-rank/v1, reproducible from the seed and the population) or items the auditor chose. Every draw is recorded with who drew it.
         * @description Roles: admin, analyst, auditor.
         */
        post: operations["createSample"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/samples/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A drawn sample with its evidence bundle: for each item the stored event, the findings about it and their full triage log (for an access-log population: the access record, no findings).
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getSample"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed ledger checkpoints in sequence order, each with its body, hash and signatures.
         * @description Roles: admin, auditor.
         */
        get: operations["listLedgerCheckpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An inclusion proof for one record at its ledger position: the record's bytes, its path to the batch root, and the batch's path to the first checkpoint that covers it (null until one does).
         * @description Roles: admin, auditor.
         */
        get: operations["getLedgerProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verifies the ledger where the data is (as `vigil verify ledger`): outcome verified, tampered or unverifiable, the failures located, first broken link first.
         * @description Roles: admin, auditor.
         */
        get: operations["verifyLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every API request, allowed or refused, newest first: who, as what role, which route and parameters (secrets masked), the clusters in scope, the status and rows returned. A cluster-scoped caller sees requests that could touch its clusters.
         * @description Roles: admin, auditor.
         */
        get: operations["listAccessLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every managed token (never its secret or digest), with its last use, and the config-file tokens.
         * @description Roles: admin.
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Create a token for an API role or an ingest cluster. The response holds the secret, once.
         * @description Roles: admin.
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a managed token. Every api and ingest process refuses it within one poll interval. Revoking twice is harmless.
         * @description Roles: admin.
         */
        post: operations["revokeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace a managed token by a new one with the same name, role and scope. The old one keeps working for overlap_seconds, then expires.
         * @description Roles: admin.
         */
        post: operations["rotateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start an OpenID Connect sign-in: redirects to the identity provider (authorization code with PKCE). 404 when api.oidc is not configured. */
        get: operations["signIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the identity provider returns: checks state, PKCE and the ID token, maps groups to a role, and sets a short-lived httpOnly, SameSite session cookie. A person in no mapped group gets 403 and no session. */
        get: operations["signInCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session: the cookie stops working at once. end_session_url is the provider's logout, to end the sign-in there too. */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open alert groups: their route, episode, findings and timers. A cluster-scoped caller sees only the groups whose findings all come from its clusters.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notifications and their delivery state: attempts, last result, dead letters with their reason. A cluster-scoped caller sees only those whose findings all come from its clusters, among the newest 1000.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queues a dead letter again, with the same notification id (so the same webhook-id and dedup_key).
         * @description Roles: admin, analyst.
         */
        post: operations["replayNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every silence ever made (they are kept as evidence), newest first, optionally by state.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listSilences"];
        put?: never;
        /**
         * Mutes notifications (never findings) matching every matcher between startsAt and endsAt. A comment is required; createdBy is the token. A cluster-scoped token's silence must hold a matcher cluster = one of its clusters.
         * @description Roles: admin, analyst.
         */
        post: operations["createSilence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/silences/{id}/expire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ends a silence now. The silence is kept, with its expiry, as evidence.
         * @description Roles: admin, analyst.
         */
        post: operations["expireSilence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The configured sinks, with every secret masked (a sink URL shows its scheme and host only).
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listSinks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queues a vigil.sink.test notification in the outbox; the router sends it through the real path (signed, SSRF-guarded, rate-limited), bypassing only min_severity. Follow it with GET /v1/notifications.
         * @description Roles: admin, analyst.
         */
        post: operations["testSink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calling token's name, role and cluster scope.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{id}/bundle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored report as a signed evidence bundle (ZIP, streamed): the report in JSON, PDF, OSCAL and OCSF, its populations (NDJSON and CSV), samples with an inclusion proof per drawn item, coverage, reviews, the ledger checkpoints and anchors, the public keys, VERIFY.md, and manifest.json (every file's SHA-256 and size, the covering checkpoint) with manifest.sig (Ed25519). Verify it offline with `vigil verify bundle`. 409 while no ledger checkpoint covers the report.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getReportBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How people may sign in, for a login page: oidc is true when api.oidc is configured (GET /auth/login then works). Bearer tokens always work. */
        get: operations["signInMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every rule the analyzer loads, enabled or not: pack, severity, controls, match, condition, exceptions and examples, with how often each fired in the period and scope.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["listRules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One rule as loaded, with how often it fired in the period and scope.
         * @description Roles: admin, analyst, auditor.
         */
        get: operations["getRule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description code is one of: invalid_json, empty_body, too_deep, not_audit_events, invalid_envelope, invalid_query, invalid_body, invalid_period, bad_request, unauthorized, token_expired, forbidden, not_found, unknown_framework, unknown_control, conflict, method_not_allowed, request_timeout, transition_not_allowed, same_approver, sample_too_large, headers_too_large, body_too_large, decompressed_too_large, unsupported_media_type, unsupported_encoding, invalid_gzip, too_many_attempts, overloaded, unavailable, shutting_down, invalid_config, invalid_rule, store_error, internal */
        Error: {
            error: {
                code: string;
                message: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listFindings: {
        parameters: {
            query?: {
                /** @description One or more cluster ids, comma-separated. */
                cluster?: string[];
                /** @description One or more rule ids, comma-separated. */
                rule_id?: string[];
                /** @description One or more severities, comma-separated. */
                severity?: ("info" | "low" | "medium" | "high" | "critical")[];
                namespace?: string;
                user?: string;
                /** @description Inclusive start, RFC 3339, on the event time. */
                from?: string;
                /** @description Exclusive end, RFC 3339. */
                to?: string;
                /** @description true: also return the exact number of findings matching the filter (one more query). */
                total?: "true" | "false";
                /** @description Page size, at most 1000. */
                limit?: number;
                /** @description The next_cursor of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            finding_id: string;
                            rule_id: string;
                            rule_version: string;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            title: string;
                            cluster: string;
                            audit_id: string;
                            stage: string;
                            /** @description requestReceivedTimestamp of the event, RFC 3339 */
                            event_time: string;
                            user: string;
                            verb: string;
                            resource: string;
                            namespace: string;
                            name: string;
                            /** @description Why the rule matched, in words */
                            reason: string;
                            /** @description The rule output template, rendered */
                            output: string;
                            /** @description The event fields the rule used, with their values */
                            evidence: {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            controls: {
                                /** @enum {string} */
                                framework: "soc2" | "hipaa" | "gdpr";
                                id: string;
                                /** @enum {string} */
                                role: "population" | "exception" | "supporting";
                            }[];
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page. */
                        next_cursor: string | null;
                        /** @description With total=true: the exact number matching the filter. */
                        total?: number;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFinding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        finding: {
                            finding_id: string;
                            rule_id: string;
                            rule_version: string;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            title: string;
                            cluster: string;
                            audit_id: string;
                            stage: string;
                            /** @description requestReceivedTimestamp of the event, RFC 3339 */
                            event_time: string;
                            user: string;
                            verb: string;
                            resource: string;
                            namespace: string;
                            name: string;
                            /** @description Why the rule matched, in words */
                            reason: string;
                            /** @description The rule output template, rendered */
                            output: string;
                            /** @description The event fields the rule used, with their values */
                            evidence: {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            controls: {
                                /** @enum {string} */
                                framework: "soc2" | "hipaa" | "gdpr";
                                id: string;
                                /** @enum {string} */
                                role: "population" | "exception" | "supporting";
                            }[];
                        };
                        /** @description The raw (redacted) audit event the finding is about; null if retention removed it. */
                        event: unknown;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    countFindings: {
        parameters: {
            query: {
                /** @description Group by rule, severity, cluster, or UTC day of the event. */
                by: "rule_id" | "severity" | "cluster" | "day";
                /** @description One or more cluster ids, comma-separated. */
                cluster?: string[];
                /** @description One or more rule ids, comma-separated. */
                rule_id?: string[];
                /** @description One or more severities, comma-separated. */
                severity?: ("info" | "low" | "medium" | "high" | "critical")[];
                namespace?: string;
                user?: string;
                /** @description Inclusive start, RFC 3339, on the event time. */
                from?: string;
                /** @description Exclusive end, RFC 3339. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        by: "rule_id" | "severity" | "cluster" | "day";
                        /** @description Largest first; by day, in date order. */
                        groups: {
                            key: string;
                            count: number;
                        }[];
                        /** @description Exact number of findings matching the filter. */
                        total: number;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFindingReviews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        finding_id: string;
                        /** @enum {string} */
                        severity: "info" | "low" | "medium" | "high" | "critical";
                        /** @enum {string} */
                        state: "open" | "acknowledged" | "resolved";
                        disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                        /** @description A risk acceptance lapsed, so the finding counts as open again */
                        expired: boolean;
                        pending: {
                            request_id: string;
                            requested_by: string;
                            requested_at: string;
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                        } | null;
                        detected_at: string;
                        /** @description When the finding must be resolved by; null when its severity has no SLA */
                        sla_due_at: string | null;
                        over_sla: boolean;
                        transitions: {
                            transition_id: string;
                            finding_id: string;
                            at: string;
                            /** @description actorLabel of who did it */
                            actor: string;
                            role: string;
                            /** @enum {string} */
                            kind: "transition" | "request" | "approval" | "rejection";
                            /** @enum {string} */
                            from_state: "open" | "acknowledged" | "resolved";
                            /** @enum {string} */
                            to_state: "open" | "acknowledged" | "resolved";
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            reason: string;
                            ticket: string | null;
                            expires_at: string | null;
                            request_id: string | null;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    transitionFinding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The state to move to: acknowledged, resolved, or open (reopen).
                     * @enum {string}
                     */
                    to: "open" | "acknowledged" | "resolved";
                    /**
                     * @description Required when resolving.
                     * @enum {string}
                     */
                    disposition?: "true_positive" | "approved_change" | "false_positive" | "risk_accepted";
                    /** @description Why, in words; kept with the transition. */
                    reason: string;
                    /** @description A ticket or change reference; required for approved_change. */
                    ticket?: string;
                    /**
                     * Format: date-time
                     * @description When a risk acceptance lapses; required for risk_accepted.
                     */
                    expires_at?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        transition: {
                            transition_id: string;
                            finding_id: string;
                            at: string;
                            /** @description actorLabel of who did it */
                            actor: string;
                            role: string;
                            /** @enum {string} */
                            kind: "transition" | "request" | "approval" | "rejection";
                            /** @enum {string} */
                            from_state: "open" | "acknowledged" | "resolved";
                            /** @enum {string} */
                            to_state: "open" | "acknowledged" | "resolved";
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            reason: string;
                            ticket: string | null;
                            expires_at: string | null;
                            request_id: string | null;
                        };
                        triage: {
                            finding_id: string;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            /** @enum {string} */
                            state: "open" | "acknowledged" | "resolved";
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            /** @description A risk acceptance lapsed, so the finding counts as open again */
                            expired: boolean;
                            pending: {
                                request_id: string;
                                requested_by: string;
                                requested_at: string;
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            } | null;
                            detected_at: string;
                            /** @description When the finding must be resolved by; null when its severity has no SLA */
                            sla_due_at: string | null;
                            over_sla: boolean;
                            transitions: {
                                transition_id: string;
                                finding_id: string;
                                at: string;
                                /** @description actorLabel of who did it */
                                actor: string;
                                role: string;
                                /** @enum {string} */
                                kind: "transition" | "request" | "approval" | "rejection";
                                /** @enum {string} */
                                from_state: "open" | "acknowledged" | "resolved";
                                /** @enum {string} */
                                to_state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                reason: string;
                                ticket: string | null;
                                expires_at: string | null;
                                request_id: string | null;
                            }[];
                        };
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    decideFinding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description true approves the pending four-eyes request; false rejects it. */
                    approve: boolean;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        transition: {
                            transition_id: string;
                            finding_id: string;
                            at: string;
                            /** @description actorLabel of who did it */
                            actor: string;
                            role: string;
                            /** @enum {string} */
                            kind: "transition" | "request" | "approval" | "rejection";
                            /** @enum {string} */
                            from_state: "open" | "acknowledged" | "resolved";
                            /** @enum {string} */
                            to_state: "open" | "acknowledged" | "resolved";
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            reason: string;
                            ticket: string | null;
                            expires_at: string | null;
                            request_id: string | null;
                        };
                        triage: {
                            finding_id: string;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            /** @enum {string} */
                            state: "open" | "acknowledged" | "resolved";
                            disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            /** @description A risk acceptance lapsed, so the finding counts as open again */
                            expired: boolean;
                            pending: {
                                request_id: string;
                                requested_by: string;
                                requested_at: string;
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                            } | null;
                            detected_at: string;
                            /** @description When the finding must be resolved by; null when its severity has no SLA */
                            sla_due_at: string | null;
                            over_sla: boolean;
                            transitions: {
                                transition_id: string;
                                finding_id: string;
                                at: string;
                                /** @description actorLabel of who did it */
                                actor: string;
                                role: string;
                                /** @enum {string} */
                                kind: "transition" | "request" | "approval" | "rejection";
                                /** @enum {string} */
                                from_state: "open" | "acknowledged" | "resolved";
                                /** @enum {string} */
                                to_state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                reason: string;
                                ticket: string | null;
                                expires_at: string | null;
                                request_id: string | null;
                            }[];
                        };
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    bulkTriage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filter: {
                        cluster?: string[];
                        rule_id?: string;
                        severity?: ("info" | "low" | "medium" | "high" | "critical")[];
                        namespace?: string;
                        user?: string;
                        /** Format: date-time */
                        from?: string;
                        /** Format: date-time */
                        to?: string;
                    };
                    transition: {
                        /**
                         * @description The state to move to: acknowledged, resolved, or open (reopen).
                         * @enum {string}
                         */
                        to: "open" | "acknowledged" | "resolved";
                        /**
                         * @description Required when resolving.
                         * @enum {string}
                         */
                        disposition?: "true_positive" | "approved_change" | "false_positive" | "risk_accepted";
                        /** @description Why, in words; kept with the transition. */
                        reason: string;
                        /** @description A ticket or change reference; required for approved_change. */
                        ticket?: string;
                        /**
                         * Format: date-time
                         * @description When a risk acceptance lapses; required for risk_accepted.
                         */
                        expires_at?: string;
                    };
                    /**
                     * @description Default true: only count what the filter matches. Send false to apply.
                     * @default true
                     */
                    dry_run?: boolean;
                    /**
                     * @description Refuse to touch more findings than this.
                     * @default 1000
                     */
                    max?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dry_run: boolean;
                        matched: number;
                        applied: number;
                        /** @description Resolutions recorded as four-eyes requests */
                        pending_approval: number;
                        skipped: {
                            finding_id: string;
                            reason: string;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    searchEvents: {
        parameters: {
            query?: {
                cluster?: string[];
                namespace?: string;
                user?: string;
                verb?: string;
                resource?: string;
                /** @description Inclusive start, RFC 3339, on the event time. */
                from?: string;
                /** @description Exclusive end, RFC 3339. */
                to?: string;
                /** @description Page size, at most 1000. */
                limit?: number;
                /** @description The next_cursor of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            cluster: string;
                            audit_id: string;
                            stage: string;
                            level: string;
                            verb: string;
                            user: string;
                            resource: string;
                            subresource: string;
                            namespace: string;
                            name: string;
                            request_uri: string;
                            response_code: number;
                            decision: string;
                            request_received_at: string;
                            received_at: string;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            cluster: string;
                            received_at: string;
                            reason: string;
                            detail: string;
                            raw: string;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAttestations: {
        parameters: {
            query: {
                framework: string;
                control?: string;
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
                /** @description Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end. */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attestations: {
                            id: string;
                            framework: string;
                            control: string;
                            period: {
                                start: string;
                                end: string;
                            };
                            clusters: string[];
                            reviewer: string;
                            role: string;
                            at: string;
                            /** @description Exception findings of the control in the period and scope when signed */
                            finding_count: number;
                            statement: string;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAttestation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    framework: string;
                    control: string;
                    /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                    start: string;
                    /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                    end: string;
                    clusters?: string[];
                    /** @description What the reviewer attests, in their words. */
                    statement: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        framework: string;
                        control: string;
                        period: {
                            start: string;
                            end: string;
                        };
                        clusters: string[];
                        reviewer: string;
                        role: string;
                        at: string;
                        /** @description Exception findings of the control in the period and scope when signed */
                        finding_count: number;
                        statement: string;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCoverage: {
        parameters: {
            query: {
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        period: {
                            start: string;
                            end: string;
                        };
                        scope: {
                            clusters: string[];
                        };
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        recorded_gaps: {
                            cluster: string;
                            apiserver: string;
                            start: string;
                            end: string;
                            open: boolean;
                            detected_at: string;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    framework: string;
                    control: string;
                    /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                    start: string;
                    /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                    end: string;
                    clusters?: string[];
                    /**
                     * Format: date-time
                     * @description Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end.
                     */
                    as_of?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReport: {
        parameters: {
            query?: {
                /** @description Rendering: json (the native, canonical report), csv, html, pdf, oscal (OSCAL 1.1.3 assessment-results) or ocsf (OCSF 1.8.0 findings, NDJSON); see docs/evidence.md */
                format?: "json" | "csv" | "html" | "pdf" | "oscal" | "ocsf";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                    "text/csv": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                    "text/html": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                    "application/pdf": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                    "application/x-ndjson": {
                        /** @constant */
                        schema: "vigil.evidence-report/v1";
                        /** @description Deterministic: a hash of framework, control, period and scope */
                        id: string;
                        /** @enum {string} */
                        framework: "soc2" | "hipaa" | "gdpr";
                        control: {
                            id: string;
                            title: string;
                            summary: string;
                        };
                        period: {
                            /** @description RFC 3339, UTC */
                            start: string;
                            /** @description RFC 3339, UTC */
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /**
                             * @description start inclusive, end exclusive, on the event time
                             * @constant
                             */
                            boundary: "[start,end)";
                        };
                        scope: {
                            /** @description The clusters covered, sorted; every cluster the caller may see when none was asked for */
                            clusters: string[];
                        };
                        generated: {
                            /** @description When this report was generated: the one field that differs between reproductions */
                            at: string;
                            /** @description actorLabel of who asked for it */
                            by: string;
                            generator_version: string;
                            /** @description SHA-256 over the rule files the analyzer loaded, in path order */
                            rule_pack_version: string;
                            /** @description The control catalog version, as the catalog states it */
                            catalog_version: string;
                        };
                        /**
                         * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                         * @enum {string}
                         */
                        status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                        /** @description Which status rules applied, in words */
                        status_reasons: string[];
                        /** @constant */
                        disclaimer: "Automated assessment, not an audit opinion.";
                        coverage: {
                            /** @description Minutes in the period, per cluster that normally sends, summed */
                            expected_minutes: number;
                            /** @description Expected minutes not inside a gap */
                            covered_minutes: number;
                            pct: number;
                            gap_threshold_minutes: number;
                            gaps: {
                                cluster: string;
                                /** @description When the events say which apiserver; null otherwise */
                                apiserver: string | null;
                                /** @description First silent minute */
                                start: string;
                                /** @description First minute with events again, or the period end */
                                end: string;
                                minutes: number;
                            }[];
                            /** @description Payloads dead-lettered in the period (not readable as audit events) */
                            dead_letters: number;
                            /** @description Events refused at ingest, as counted by ingest and stored per period */
                            rejected_at_ingest: number;
                            /** @description Repeated (cluster, auditID, stage) dropped at ingest */
                            dedup_drops: number;
                        };
                        populations: {
                            /** @description e.g. soc2.CC6.3.population, soc2.CC6.1.access_log */
                            name: string;
                            /**
                             * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                             * @default audit_events
                             * @enum {string}
                             */
                            source: "audit_events" | "access_log";
                            /** @description The population-role rules of the control, sorted; empty for the access log */
                            rule_ids: string[];
                            /** @description The exact SQL text run against the store */
                            query: string;
                            /** @description Its query parameters */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 of the canonical JSON of {query, params} */
                            query_sha256: string;
                            snapshot: {
                                /** @description Rows stored after this instant are not counted */
                                at: string;
                                /**
                                 * @description received_at for audit events, the request time for the access log
                                 * @enum {string}
                                 */
                                boundary: "received_at <= snapshot.at" | "at <= snapshot.at";
                            };
                            row_count: number;
                            /** @description SHA-256 of the NDJSON export of the rows, in export order */
                            result_sha256: string;
                        }[];
                        exceptions: {
                            total: number;
                            by_disposition: {
                                true_positive: number;
                                approved_change: number;
                                false_positive: number;
                                risk_accepted: number;
                            };
                            /** @description Open or acknowledged, not resolved */
                            open: number;
                            over_sla: number;
                            /** @description Every exception finding of the period and scope, oldest first */
                            items: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                cluster: string;
                                /** @description RFC 3339, UTC */
                                event_time: string;
                                /** @enum {string} */
                                state: "open" | "acknowledged" | "resolved";
                                disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                over_sla: boolean;
                                /** @description A four-eyes request waits for a second approver */
                                pending_approval: boolean;
                            }[];
                        };
                        samples: {
                            id: string;
                            population: string;
                            population_sha256: string;
                            /** @enum {string} */
                            method: "seeded_random" | "auditor";
                            seed: string | null;
                            size: number;
                            drawn_by: string;
                            /** @description RFC 3339, UTC */
                            drawn_at: string;
                        }[];
                        attestations: {
                            id: string;
                            /** @description actorLabel of the reviewer */
                            reviewer: string;
                            role: string;
                            /** @description RFC 3339, UTC */
                            at: string;
                            covers: {
                                /** @description RFC 3339, UTC */
                                start: string;
                                /** @description RFC 3339, UTC */
                                end: string;
                            };
                            finding_count: number;
                            statement: string;
                        }[];
                        /** @description The ledger checkpoint that covers the report's data as of its snapshot; null while none does yet, or with the ledger off */
                        integrity: {
                            /** @description ledger.origin: the deployment whose ledger this is */
                            origin: string;
                            /** @description checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint */
                            ledger_root: string;
                            /** @description From the period start of the first checkpoint that can hold the report's records to the period end of the covering one */
                            ledger_range: {
                                /** @description RFC 3339, UTC */
                                from: string;
                                /** @description RFC 3339, UTC */
                                to: string;
                            };
                            /** @description The checkpoints of that range, by seq */
                            checkpoints: {
                                from_seq: number;
                                to_seq: number;
                            };
                            /** @description The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest */
                            checkpoint: {
                                seq: number;
                                checkpoint_hash: string;
                                batches_root: string;
                                /** @description RFC 3339, UTC */
                                created_at: string;
                                /** @description Who signed it */
                                key_ids: string[];
                            };
                            /** @description Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>` */
                            anchors: string[];
                        } | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFrameworkSummary: {
        parameters: {
            query: {
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
                /** @description Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end. */
                as_of?: string;
            };
            header?: never;
            path: {
                framework: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        framework: string;
                        period: {
                            start: string;
                            end: string;
                            /** @constant */
                            tz: "UTC";
                            /** @constant */
                            boundary: "[start,end)";
                        };
                        scope: {
                            clusters: string[];
                        };
                        as_of: string;
                        disclaimer: string;
                        controls: {
                            id: string;
                            title: string;
                            /**
                             * @description An automated assessment, not an audit opinion; the rules are in docs/evidence.md
                             * @enum {string}
                             */
                            status: "operating" | "exceptions_noted" | "not_operating" | "insufficient_evidence" | "not_applicable";
                            report_id: string;
                            population_rows: number | null;
                            exceptions: number;
                            open: number;
                            over_sla: number;
                            coverage_pct: number;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPopulation: {
        parameters: {
            query: {
                framework: string;
                control: string;
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
                /** @description Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end. */
                as_of?: string;
                /** @description audit_events (default): the events the control's population rules matched; access_log: every request to vigil's own API whose scope reached the clusters, for controls whose catalog entry cites it (SOC 2 CC6.1, HIPAA 164.312(b)) */
                source?: "audit_events" | "access_log";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        type: "vigil.population";
                        /** @constant */
                        v: 1;
                        /** @description Pass to the export, re-run and sample endpoints */
                        id: string;
                        name: string;
                        framework: string;
                        control: string;
                        rule_ids: string[];
                        /**
                         * @description audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused
                         * @enum {string}
                         */
                        source: "audit_events" | "access_log";
                        period: {
                            start: string;
                            end: string;
                            /** @constant */
                            boundary: "[start,end)";
                            /** @enum {string} */
                            time_field: "requestReceivedTimestamp" | "at";
                            /** @constant */
                            timezone: "UTC";
                        };
                        scope: {
                            clusters: string[];
                        };
                        snapshot: {
                            as_of: string;
                            rule: string;
                        };
                        query: {
                            text: string;
                            text_sha256: string;
                            params: {
                                [key: string]: unknown;
                            };
                            params_jcs_sha256: string;
                            /** @description SHA-256 of the canonical JSON of {params, query} */
                            query_sha256: string;
                        };
                        row_count: number;
                        /** @description SHA-256 of the NDJSON export */
                        result_sha256: string;
                        order_by: string[];
                        files: {
                            path: string;
                            media_type: string;
                            url: string;
                        }[];
                        generator: {
                            /** @constant */
                            name: "vigil";
                            version: string;
                            rule_pack: string;
                        };
                        generated_at: string;
                        generated_by: string;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPopulationDaily: {
        parameters: {
            query: {
                framework: string;
                control: string;
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
                /** @description Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end. */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        framework: string;
                        control: string;
                        rule_ids: string[];
                        period: {
                            start: string;
                            end: string;
                            /** @constant */
                            boundary: "[start,end)";
                            /** @constant */
                            time_field: "requestReceivedTimestamp";
                            /** @constant */
                            timezone: "UTC";
                        };
                        scope: {
                            clusters: string[];
                        };
                        snapshot: {
                            as_of: string;
                        };
                        /** @description Days with at least one row, in order; they sum to row_count */
                        days: {
                            /** @description YYYY-MM-DD (UTC) */
                            day: string;
                            count: number;
                        }[];
                        /** @description The population's row count: the same rows as GET /v1/populations for these parameters */
                        row_count: number;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportPopulation: {
        parameters: {
            query?: {
                /** @description csv: RFC 4180 with a column description at …/csv-metadata; ndjson: the exact stored records, one per line. */
                format?: "csv" | "ndjson";
                /** @description csv only: start with a UTF-8 BOM (for spreadsheets). Default true. */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv; charset=utf-8; header=present": string;
                    "application/x-ndjson": string;
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPopulationCsvMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rerunPopulation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        same: boolean;
                        before: {
                            row_count: number;
                            result_sha256: string;
                        };
                        after: {
                            row_count: number;
                            result_sha256: string;
                        };
                        changes: string[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSample: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    population_id: string;
                    /** @description For seeded_random (sha256-rank/v1): chosen by the auditor. */
                    seed?: string;
                    /** @description Default: the suggestion for the population size (docs/evidence.md). */
                    size?: number;
                    /** @description Auditor-chosen row keys (cluster/audit_id/stage; an access-log population's record ids) instead of a seed. */
                    items?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        type: "vigil.sample";
                        /** @constant */
                        v: 1;
                        sample_id: string;
                        population: {
                            id: string;
                            name: string;
                            result_sha256: string;
                            row_count: number;
                        };
                        method: {
                            id: string;
                            description: string;
                            row_key: string;
                        };
                        seed: string | null;
                        size: number;
                        size_basis: string;
                        drawn_at: string;
                        drawn_by: string;
                        selected: {
                            row_key: string;
                            rank: string | null;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but not possible (for example a sample larger than its population) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        type: "vigil.sample";
                        /** @constant */
                        v: 1;
                        sample_id: string;
                        population: {
                            id: string;
                            name: string;
                            result_sha256: string;
                            row_count: number;
                        };
                        method: {
                            id: string;
                            description: string;
                            row_key: string;
                        };
                        seed: string | null;
                        size: number;
                        size_basis: string;
                        drawn_at: string;
                        drawn_by: string;
                        selected: {
                            row_key: string;
                            rank: string | null;
                        }[];
                        items: {
                            row_key: string;
                            /** @description The stored (redacted) event, or for an access-log population the access record; null if retention removed it */
                            event: unknown;
                            findings: {
                                finding_id: string;
                                rule_id: string;
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                triage: {
                                    transition_id: string;
                                    finding_id: string;
                                    at: string;
                                    /** @description actorLabel of who did it */
                                    actor: string;
                                    role: string;
                                    /** @enum {string} */
                                    kind: "transition" | "request" | "approval" | "rejection";
                                    /** @enum {string} */
                                    from_state: "open" | "acknowledged" | "resolved";
                                    /** @enum {string} */
                                    to_state: "open" | "acknowledged" | "resolved";
                                    disposition: ("true_positive" | "approved_change" | "false_positive" | "risk_accepted") | null;
                                    reason: string;
                                    ticket: string | null;
                                    expires_at: string | null;
                                    request_id: string | null;
                                }[];
                            }[];
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listLedgerCheckpoints: {
        parameters: {
            query?: {
                from?: number;
                to?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            body: {
                                /** @constant */
                                type: "vigil.ledger.checkpoint";
                                /** @constant */
                                v: 1;
                                origin: string;
                                seq: number;
                                period_start: string;
                                period_end: string;
                                batch_count: number;
                                batches_root: string;
                                heads: {
                                    stream: string;
                                    partition: number;
                                    last_seq: number;
                                    batch_hash: string;
                                }[];
                                prev_checkpoint_hash: string | null;
                                created_at: string;
                            };
                            checkpoint_hash: string;
                            signatures: {
                                key_id: string;
                                /** @constant */
                                alg: "Ed25519";
                                sig: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLedgerProof: {
        parameters: {
            query: {
                stream: string;
                partition: number;
                seq: number;
                idx?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        record_jcs: string;
                        leaf_hash: string;
                        leaf_index: number;
                        batch: {
                            /** @constant */
                            type: "vigil.ledger.batch";
                            /** @constant */
                            v: 1;
                            stream: string;
                            partition: number;
                            first_seq: number;
                            last_seq: number;
                            leaf_count: number;
                            merkle_root: string;
                            prev_batch_hash: string | null;
                            sealed_at: string;
                        };
                        batch_hash: string;
                        batch_proof: string[];
                        batch_index: number | null;
                        checkpoint_proof: string[] | null;
                        checkpoint: {
                            body: {
                                /** @constant */
                                type: "vigil.ledger.checkpoint";
                                /** @constant */
                                v: 1;
                                origin: string;
                                seq: number;
                                period_start: string;
                                period_end: string;
                                batch_count: number;
                                batches_root: string;
                                heads: {
                                    stream: string;
                                    partition: number;
                                    last_seq: number;
                                    batch_hash: string;
                                }[];
                                prev_checkpoint_hash: string | null;
                                created_at: string;
                            };
                            checkpoint_hash: string;
                            signatures: {
                                key_id: string;
                                /** @constant */
                                alg: "Ed25519";
                                sig: string;
                            }[];
                        } | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyLedger: {
        parameters: {
            query?: {
                from?: number;
                to?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "verified" | "tampered" | "unverifiable";
                        origin: string;
                        range: {
                            from_checkpoint: number | null;
                            to_checkpoint: number | null;
                        };
                        checked: {
                            checkpoints: number;
                            batches: number;
                            leaves: number;
                        };
                        failures: {
                            kind: string;
                            stream?: string;
                            partition?: number;
                            seq?: number;
                            idx?: number;
                            checkpoint?: number;
                            table?: string;
                            key?: string;
                            detail: string;
                        }[];
                        unverifiable: string[];
                        projections: {
                            table: string;
                            kind: string;
                            sealed: number;
                            missing: number;
                            first_missing: string | null;
                            unsealed: number;
                            first_unsealed: string | null;
                            modified: number;
                            first_modified: string | null;
                            duplicated: number;
                            first_duplicated: string | null;
                        }[];
                        uncheckpointed: {
                            stream: string;
                            partition: number;
                            batches: number;
                            from_seq: number;
                            to_seq: number;
                        }[];
                        periods_without_checkpoint: {
                            from: string;
                            to: string;
                            hours: number;
                            checkpoint: number | null;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAccessLog: {
        parameters: {
            query?: {
                /** @description Only requests by this token or session name. */
                principal?: string;
                /** @description Only this route template, e.g. /v1/findings/:id. */
                route?: string;
                /** @description Only allowed (status < 400) or refused requests. */
                outcome?: "allowed" | "refused";
                /** @description Only reads that did (true) or did not (false) return raw audit payloads. */
                sensitive?: "true" | "false";
                /** @description Inclusive start, RFC 3339, on the request time. */
                from?: string;
                /** @description Exclusive end, RFC 3339. */
                to?: string;
                /** @description Page size, at most 1000. */
                limit?: number;
                /** @description The next_cursor of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            at: string;
                            principal: string;
                            token_id: string;
                            role: string;
                            auth: string;
                            source_ip: string;
                            method: string;
                            route: string;
                            params: string;
                            clusters: string[];
                            status: number;
                            error_code: string;
                            rows: number;
                            sensitive: boolean;
                            duration_ms: number;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Managed tokens, revoked and expired ones included, oldest first. */
                        items: {
                            /** @constant */
                            source: "store";
                            /** @description Public id; also inside the token text. Safe to log. */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "analyst" | "auditor" | "ingest";
                            /** @description Ingest tokens: the cluster the token identifies. */
                            cluster: string | null;
                            /** @description API tokens: the clusters the holder may see; empty means every cluster. */
                            clusters: string[];
                            created_by: string;
                            created_at: string;
                            expires_at: string | null;
                            revoked_at: string | null;
                            revoked_by: string | null;
                            rotated_from: string | null;
                            updated_at: string;
                            /** @description Recorded within a poll interval of the use; null if never used. */
                            last_used_at: string | null;
                        }[];
                        /** @description Tokens from config files: always accepted, changed only in the file. */
                        configured: {
                            /** @constant */
                            source: "config";
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "analyst" | "auditor" | "ingest";
                            cluster: string | null;
                            clusters: string[];
                        }[];
                    };
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Who or what holds the token. */
                    name: string;
                    /** @enum {string} */
                    role: "admin" | "analyst" | "auditor" | "ingest";
                    /** @description Ingest tokens only: the cluster the token identifies. */
                    cluster?: string;
                    /** @description API tokens only: the clusters the holder may see. Absent: every cluster. */
                    clusters?: string[];
                    /** @description When the token stops working, RFC 3339. Absent: never. */
                    expires_at?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The secret. Shown this once; vigil keeps only its SHA-256. */
                        token: string;
                        record: {
                            /** @constant */
                            source: "store";
                            /** @description Public id; also inside the token text. Safe to log. */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "analyst" | "auditor" | "ingest";
                            /** @description Ingest tokens: the cluster the token identifies. */
                            cluster: string | null;
                            /** @description API tokens: the clusters the holder may see; empty means every cluster. */
                            clusters: string[];
                            created_by: string;
                            created_at: string;
                            expires_at: string | null;
                            revoked_at: string | null;
                            revoked_by: string | null;
                            rotated_from: string | null;
                            updated_at: string;
                            /** @description Recorded within a poll interval of the use; null if never used. */
                            last_used_at: string | null;
                        };
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        source: "store";
                        /** @description Public id; also inside the token text. Safe to log. */
                        id: string;
                        name: string;
                        /** @enum {string} */
                        role: "admin" | "analyst" | "auditor" | "ingest";
                        /** @description Ingest tokens: the cluster the token identifies. */
                        cluster: string | null;
                        /** @description API tokens: the clusters the holder may see; empty means every cluster. */
                        clusters: string[];
                        created_by: string;
                        created_at: string;
                        expires_at: string | null;
                        revoked_at: string | null;
                        revoked_by: string | null;
                        rotated_from: string | null;
                        updated_at: string;
                        /** @description Recorded within a poll interval of the use; null if never used. */
                        last_used_at: string | null;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How long the old token keeps working alongside the new one.
                     * @default 3600
                     */
                    overlap_seconds?: number;
                    /** @description Expiry of the new token. Absent: the old token's lifetime again, or never. */
                    expires_at?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The secret. Shown this once; vigil keeps only its SHA-256. */
                        token: string;
                        record: {
                            /** @constant */
                            source: "store";
                            /** @description Public id; also inside the token text. Safe to log. */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "analyst" | "auditor" | "ingest";
                            /** @description Ingest tokens: the cluster the token identifies. */
                            cluster: string | null;
                            /** @description API tokens: the clusters the holder may see; empty means every cluster. */
                            clusters: string[];
                            created_by: string;
                            created_at: string;
                            expires_at: string | null;
                            revoked_at: string | null;
                            revoked_by: string | null;
                            rotated_from: string | null;
                            updated_at: string;
                            /** @description Recorded within a poll interval of the use; null if never used. */
                            last_used_at: string | null;
                        };
                        previous: {
                            /** @constant */
                            source: "store";
                            /** @description Public id; also inside the token text. Safe to log. */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "analyst" | "auditor" | "ingest";
                            /** @description Ingest tokens: the cluster the token identifies. */
                            cluster: string | null;
                            /** @description API tokens: the clusters the holder may see; empty means every cluster. */
                            clusters: string[];
                            created_by: string;
                            created_at: string;
                            expires_at: string | null;
                            revoked_at: string | null;
                            revoked_by: string | null;
                            rotated_from: string | null;
                            updated_at: string;
                            /** @description Recorded within a poll interval of the use; null if never used. */
                            last_used_at: string | null;
                        };
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        location: string;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signInCallback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signed_in_as: string;
                        /** @enum {string} */
                        role: "admin" | "analyst" | "auditor";
                        clusters: string[] | null;
                    };
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ended: boolean;
                        end_session_url: string | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                route?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            group_id: string;
                            group_key: string;
                            route: string;
                            episode: number;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            /** @description Findings in the current episode. */
                            findings: number;
                            /** @description The first 50. */
                            finding_ids: string[];
                            /** @description A first notification went out in this episode. */
                            triggered: boolean;
                            first_at: string;
                            last_notified_at: string | null;
                            next_flush_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                state?: "pending" | "delivered" | "dead" | "collapsed";
                sink?: string;
                group_id?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Deterministic; the webhook-id and Idempotency-Key of every attempt. */
                            notification_id: string;
                            sink: string;
                            kind: string;
                            route: string;
                            group_id: string;
                            episode: number;
                            severity: string;
                            /** @enum {string} */
                            state: "pending" | "delivered" | "dead" | "collapsed";
                            attempts: number;
                            next_attempt_at: string | null;
                            /** @description success, rate_limited, client_error, auth_error, server_error, timeout, network or ssrf_blocked. */
                            last_result: string | null;
                            last_status: number | null;
                            last_detail: string | null;
                            dead_reason: string | null;
                            created_at: string;
                            updated_at: string;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Deterministic; the webhook-id and Idempotency-Key of every attempt. */
                        notification_id: string;
                        sink: string;
                        kind: string;
                        route: string;
                        group_id: string;
                        episode: number;
                        severity: string;
                        /** @enum {string} */
                        state: "pending" | "delivered" | "dead" | "collapsed";
                        attempts: number;
                        next_attempt_at: string | null;
                        /** @description success, rate_limited, client_error, auth_error, server_error, timeout, network or ssrf_blocked. */
                        last_result: string | null;
                        last_status: number | null;
                        last_detail: string | null;
                        dead_reason: string | null;
                        created_at: string;
                        updated_at: string;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSilences: {
        parameters: {
            query?: {
                state?: "pending" | "active" | "expired";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            matchers: {
                                /** @enum {string} */
                                name: "severity" | "rule_id" | "rule_version" | "cluster" | "namespace" | "user" | "verb" | "resource" | "name" | "tags" | "controls" | "finding_id" | "audit_id";
                                /** @enum {string} */
                                op: "=" | "!=" | "=~" | "!~";
                                value: string;
                            }[];
                            startsAt: string;
                            endsAt: string;
                            /** @description Taken from the token that created it. */
                            createdBy: string;
                            comment: string;
                            createdAt: string;
                            expiredAt: string | null;
                            replaces: string | null;
                            /** @enum {string} */
                            state: "pending" | "active" | "expired";
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSilence: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    matchers: {
                        /** @enum {string} */
                        name: "severity" | "rule_id" | "rule_version" | "cluster" | "namespace" | "user" | "verb" | "resource" | "name" | "tags" | "controls" | "finding_id" | "audit_id";
                        /** @enum {string} */
                        op: "=" | "!=" | "=~" | "!~";
                        value: string;
                    }[];
                    /** Format: date-time */
                    startsAt: string;
                    /** Format: date-time */
                    endsAt: string;
                    comment: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        matchers: {
                            /** @enum {string} */
                            name: "severity" | "rule_id" | "rule_version" | "cluster" | "namespace" | "user" | "verb" | "resource" | "name" | "tags" | "controls" | "finding_id" | "audit_id";
                            /** @enum {string} */
                            op: "=" | "!=" | "=~" | "!~";
                            value: string;
                        }[];
                        startsAt: string;
                        endsAt: string;
                        /** @description Taken from the token that created it. */
                        createdBy: string;
                        comment: string;
                        createdAt: string;
                        expiredAt: string | null;
                        replaces: string | null;
                        /** @enum {string} */
                        state: "pending" | "active" | "expired";
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    expireSilence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        matchers: {
                            /** @enum {string} */
                            name: "severity" | "rule_id" | "rule_version" | "cluster" | "namespace" | "user" | "verb" | "resource" | "name" | "tags" | "controls" | "finding_id" | "audit_id";
                            /** @enum {string} */
                            op: "=" | "!=" | "=~" | "!~";
                            value: string;
                        }[];
                        startsAt: string;
                        endsAt: string;
                        /** @description Taken from the token that created it. */
                        createdBy: string;
                        comment: string;
                        createdAt: string;
                        expiredAt: string | null;
                        replaces: string | null;
                        /** @enum {string} */
                        state: "pending" | "active" | "expired";
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSinks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            name: string;
                            /** @enum {string} */
                            type: "slack" | "pagerduty" | "webhook";
                            /** @description Slack: webhook or bot. */
                            mode: string | null;
                            /** @description Scheme and host only: the rest of a sink URL is a credential. */
                            endpoint: string;
                            /** @enum {string} */
                            min_severity: "info" | "low" | "medium" | "high" | "critical";
                            send_resolved: boolean;
                            /** @description Standard Webhooks secrets in use (2 during a rotation). */
                            signing_secrets: number;
                            /** @description False after a permanent configuration error (revoked token, archived channel, invalid routing key) until a delivery succeeds again. */
                            healthy: boolean;
                            /** @description When the sink turned unhealthy; null while healthy. */
                            unhealthy_since: string | null;
                            /** @description The vendor's bounded reason (e.g. invalid_auth, channel_not_found, HTTP 400); never a URL or a secret. */
                            health_detail: string | null;
                        }[];
                    };
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testSink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Deterministic; the webhook-id and Idempotency-Key of every attempt. */
                        notification_id: string;
                        sink: string;
                        kind: string;
                        route: string;
                        group_id: string;
                        episode: number;
                        severity: string;
                        /** @enum {string} */
                        state: "pending" | "delivered" | "dead" | "collapsed";
                        attempts: number;
                        next_attempt_at: string | null;
                        /** @description success, rate_limited, client_error, auth_error, server_error, timeout, network or ssrf_blocked. */
                        last_result: string | null;
                        last_status: number | null;
                        last_detail: string | null;
                        dead_reason: string | null;
                        created_at: string;
                        updated_at: string;
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The name the token was configured with. */
                        name: string;
                        /** @enum {string} */
                        role: "admin" | "analyst" | "auditor";
                        /** @description The clusters this token may see; null means every cluster. */
                        clusters: string[] | null;
                    };
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReportBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current state does not allow this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signInMethods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        oidc: boolean;
                    };
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRules: {
        parameters: {
            query?: {
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start?: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end?: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the fired counts cover */
                        counted: {
                            /** @description The period counted, [start, end) on the event time; null: every stored finding */
                            period: {
                                start: string;
                                end: string;
                            } | null;
                            /** @description The clusters counted; null: every cluster the token may see */
                            clusters: string[] | null;
                        };
                        items: {
                            id: string;
                            /** @description The id up to the first dot: the pack the rule belongs to */
                            pack: string;
                            version: number;
                            title: string;
                            description: string;
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            enabled: boolean;
                            /** @description Its condition is false whatever the event, until a list it reads is filled */
                            inert: boolean;
                            tags: string[];
                            controls: {
                                /** @enum {string} */
                                framework: "soc2" | "hipaa" | "gdpr";
                                id: string;
                                /** @enum {string} */
                                role: "population" | "exception" | "supporting";
                            }[];
                            /** @description A fast prefilter; the engine indexes rules by it. */
                            match: {
                                /** @description Kubernetes verbs (get, list, create, …). Absent: any verb. */
                                verbs?: string[];
                                /** @description `resource[.group][/subresource]`, as RBAC writes them: `pods`, `pods/exec`, `deployments.apps`, `*.rbac.authorization.k8s.io`, `pods/*`. No group means the core group; `.*` means any group. Absent: any request, including non-resource URLs. */
                                resources?: string[];
                                /** @description Allowed subresources ("" for none) when a resource entry names none. Absent: no subresource. */
                                subresources?: string[];
                                namespaces?: {
                                    /** @description Matches when any pattern matches. Absent: everything. */
                                    include?: string[];
                                    /** @description Never matches when any pattern matches. */
                                    exclude?: string[];
                                };
                                /** @description Globs over user.username. */
                                users?: {
                                    /** @description Matches when any pattern matches. Absent: everything. */
                                    include?: string[];
                                    /** @description Never matches when any pattern matches. */
                                    exclude?: string[];
                                };
                                /** @description Globs over user.groups. */
                                groups?: {
                                    /** @description Matches when any pattern matches. Absent: everything. */
                                    include?: string[];
                                    /** @description Never matches when any pattern matches. */
                                    exclude?: string[];
                                };
                                /** @description Globs over userAgent ("" when absent). */
                                user_agents?: {
                                    /** @description Matches when any pattern matches. Absent: everything. */
                                    include?: string[];
                                    /** @description Never matches when any pattern matches. */
                                    exclude?: string[];
                                };
                                /** @description Addresses, CIDRs, $lists of them, or the classes public, private, loopback, link-local and cloud-metadata. */
                                source_ips?: {
                                    /** @description Matches when any sourceIPs entry is in any of these. */
                                    include?: string[];
                                    /** @description Never matches when the connection address (the last sourceIPs entry, which cannot be forged) is in any of these. */
                                    exclude?: string[];
                                };
                                /** @description Absent: any code. */
                                response_codes?: (number | string)[];
                                /** @description Annotation keys; matches when the event has any of them. Absent: no requirement. */
                                annotations?: string[];
                                /** @description true: only requests made by impersonation; false: only requests that were not. Absent: both. */
                                impersonated?: boolean;
                            };
                            /** @description CEL over the event */
                            condition: string;
                            /** @description The condition for events logged without a body, if the rule has one */
                            metadata_condition: string | null;
                            threshold: {
                                count: number;
                                window: string;
                                by: string[];
                                distinct: string | null;
                            } | null;
                            exceptions: {
                                name: string;
                                reason: string;
                                approver: string;
                                expires: string | null;
                            }[];
                            output: string;
                            /** @description The examples shipped with the rule, run in CI by the same evaluator */
                            examples: {
                                name: string;
                                fires: boolean;
                                /** @description The partial audit events of the example (one, or a sequence for a threshold rule) */
                                events: {
                                    [key: string]: unknown;
                                }[];
                            }[];
                            /** @description file:line:column where the rule is defined */
                            source: string;
                            /** @description Findings of this rule in the period and scope */
                            fired: number;
                        }[];
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRule: {
        parameters: {
            query?: {
                /** @description Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                start?: string;
                /** @description Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone. */
                end?: string;
                /** @description Cluster ids (comma-separated or repeated); default: every cluster the token may see. */
                cluster?: string[];
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description The id up to the first dot: the pack the rule belongs to */
                        pack: string;
                        version: number;
                        title: string;
                        description: string;
                        /** @enum {string} */
                        severity: "info" | "low" | "medium" | "high" | "critical";
                        enabled: boolean;
                        /** @description Its condition is false whatever the event, until a list it reads is filled */
                        inert: boolean;
                        tags: string[];
                        controls: {
                            /** @enum {string} */
                            framework: "soc2" | "hipaa" | "gdpr";
                            id: string;
                            /** @enum {string} */
                            role: "population" | "exception" | "supporting";
                        }[];
                        /** @description A fast prefilter; the engine indexes rules by it. */
                        match: {
                            /** @description Kubernetes verbs (get, list, create, …). Absent: any verb. */
                            verbs?: string[];
                            /** @description `resource[.group][/subresource]`, as RBAC writes them: `pods`, `pods/exec`, `deployments.apps`, `*.rbac.authorization.k8s.io`, `pods/*`. No group means the core group; `.*` means any group. Absent: any request, including non-resource URLs. */
                            resources?: string[];
                            /** @description Allowed subresources ("" for none) when a resource entry names none. Absent: no subresource. */
                            subresources?: string[];
                            namespaces?: {
                                /** @description Matches when any pattern matches. Absent: everything. */
                                include?: string[];
                                /** @description Never matches when any pattern matches. */
                                exclude?: string[];
                            };
                            /** @description Globs over user.username. */
                            users?: {
                                /** @description Matches when any pattern matches. Absent: everything. */
                                include?: string[];
                                /** @description Never matches when any pattern matches. */
                                exclude?: string[];
                            };
                            /** @description Globs over user.groups. */
                            groups?: {
                                /** @description Matches when any pattern matches. Absent: everything. */
                                include?: string[];
                                /** @description Never matches when any pattern matches. */
                                exclude?: string[];
                            };
                            /** @description Globs over userAgent ("" when absent). */
                            user_agents?: {
                                /** @description Matches when any pattern matches. Absent: everything. */
                                include?: string[];
                                /** @description Never matches when any pattern matches. */
                                exclude?: string[];
                            };
                            /** @description Addresses, CIDRs, $lists of them, or the classes public, private, loopback, link-local and cloud-metadata. */
                            source_ips?: {
                                /** @description Matches when any sourceIPs entry is in any of these. */
                                include?: string[];
                                /** @description Never matches when the connection address (the last sourceIPs entry, which cannot be forged) is in any of these. */
                                exclude?: string[];
                            };
                            /** @description Absent: any code. */
                            response_codes?: (number | string)[];
                            /** @description Annotation keys; matches when the event has any of them. Absent: no requirement. */
                            annotations?: string[];
                            /** @description true: only requests made by impersonation; false: only requests that were not. Absent: both. */
                            impersonated?: boolean;
                        };
                        /** @description CEL over the event */
                        condition: string;
                        /** @description The condition for events logged without a body, if the rule has one */
                        metadata_condition: string | null;
                        threshold: {
                            count: number;
                            window: string;
                            by: string[];
                            distinct: string | null;
                        } | null;
                        exceptions: {
                            name: string;
                            reason: string;
                            approver: string;
                            expires: string | null;
                        }[];
                        output: string;
                        /** @description The examples shipped with the rule, run in CI by the same evaluator */
                        examples: {
                            name: string;
                            fires: boolean;
                            /** @description The partial audit events of the example (one, or a sequence for a threshold rule) */
                            events: {
                                [key: string]: unknown;
                            }[];
                        }[];
                        /** @description file:line:column where the rule is defined */
                        source: string;
                        /** @description Findings of this rule in the period and scope */
                        fired: number;
                        /** @description What the fired counts cover */
                        counted: {
                            /** @description The period counted, [start, end) on the event time; null: every stored finding */
                            period: {
                                start: string;
                                end: string;
                            } | null;
                            /** @description The clusters counted; null: every cluster the token may see */
                            clusters: string[] | null;
                        };
                    };
                };
            };
            /** @description Malformed input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, revoked or expired token (code token_expired for the last) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Role or cluster scope does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many refused attempts from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Store unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
