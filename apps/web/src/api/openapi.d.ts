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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description code is one of: invalid_json, empty_body, too_deep, not_audit_events, invalid_envelope, invalid_query, bad_request, unauthorized, forbidden, not_found, method_not_allowed, body_too_large, decompressed_too_large, unsupported_media_type, unsupported_encoding, invalid_gzip, overloaded, unavailable, shutting_down, invalid_config, invalid_rule, store_error, internal */
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
                /** @description One or more cluster ids. */
                cluster?: string[];
                rule_id?: string;
                /** @description One or more severities. */
                severity?: ("info" | "low" | "medium" | "high" | "critical")[];
                namespace?: string;
                user?: string;
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
                            detail: string;
                        }[];
                        unverifiable: string[];
                        uncheckpointed: {
                            stream: string;
                            partition: number;
                            batches: number;
                            from_seq: number;
                            to_seq: number;
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
            /** @description Missing or unknown token */
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
            /** @description Missing or unknown token */
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
