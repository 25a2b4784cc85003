-- Orleans AdoNet grain storage, PostgreSQL. Idempotent.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid character varying(150) NOT NULL,
    payloadbinary bytea,
    payloadxml xml,
    payloadjson text,
    modifiedon timestamp without time zone NOT NULL,
    version integer
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Updates the state when the caller holds the current version; inserts it when the caller read none and no row
-- exists. Returns the new version, or the caller's when nothing was written (Orleans then raises
-- InconsistentStateException).
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring character varying,
    _grainidextensionstring character varying,
    _serviceid character varying,
    _grainstateversion integer,
    _payloadbinary bytea,
    _payloadjson text,
    _payloadxml xml)
    RETURNS TABLE(newgrainstateversion integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _newgrainstateversion integer := _grainstateversion;
    rowcountvar integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage
        SET payloadbinary = _payloadbinary, payloadjson = _payloadjson, payloadxml = _payloadxml,
            modifiedon = (now() AT TIME ZONE 'utc'), version = version + 1
        WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
          AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
          AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
          AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
          AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
          AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = _grainidextensionstring)
               OR _grainidextensionstring IS NULL AND grainidextensionstring IS NULL)
          AND serviceid = _serviceid AND _serviceid IS NOT NULL
          AND version IS NOT NULL AND version = _grainstateversion AND _grainstateversion IS NOT NULL;
        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := _grainstateversion + 1;
        END IF;
    END IF;

    IF _grainstateversion IS NULL THEN
        INSERT INTO OrleansStorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
             payloadbinary, payloadjson, payloadxml, modifiedon, version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring, _serviceid,
               _payloadbinary, _payloadjson, _payloadxml, (now() AT TIME ZONE 'utc'), 1
        WHERE NOT EXISTS (
            SELECT 1 FROM OrleansStorage
            WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
              AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
              AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
              AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
              AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
              AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = _grainidextensionstring)
                   OR _grainidextensionstring IS NULL AND grainidextensionstring IS NULL)
              AND serviceid = _serviceid AND _serviceid IS NOT NULL);
        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newgrainstateversion AS newgrainstateversion;
END
$function$;

INSERT INTO OrleansQuery(QueryKey, QueryText) VALUES
-- Since Orleans 10.4 the provider sends the payload as @PayloadBinary only (its serializer decides the bytes);
-- the JSON and XML columns stay for rows written by older versions.
('WriteToStorageKey', '
    SELECT * FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary, NULL, NULL);
'),
('ReadFromStorageKey', '
    SELECT payloadbinary, payloadxml, payloadjson, (now() AT TIME ZONE ''utc''), version
    FROM OrleansStorage
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND grainidn0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND grainidn1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND graintypestring = @GrainTypeString AND graintypestring IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = @GrainIdExtensionString)
           OR @GrainIdExtensionString IS NULL AND grainidextensionstring IS NULL)
      AND serviceid = @ServiceId AND @ServiceId IS NOT NULL;
'),
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET payloadbinary = NULL, payloadjson = NULL, payloadxml = NULL, version = version + 1
    WHERE grainidhash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND graintypehash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND grainidn0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND grainidn1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND graintypestring = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = @GrainIdExtensionString)
           OR @GrainIdExtensionString IS NULL AND grainidextensionstring IS NULL)
      AND serviceid = @ServiceId AND @ServiceId IS NOT NULL
      AND version IS NOT NULL AND version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING version AS newgrainstateversion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
