using System.Text.Json;
using ClaimAudit.Reference.Knowledge;

namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// One record of an NDJSON batch file: the admission fields, the institution's level (<c>medins_lv</c>), the
/// discharge (<c>endtime</c>, final <c>diseinfo</c>) and the fee lines (<c>feedetail[]</c>).
/// <see cref="FeedetailIndexes"/> gives each line's index in the record's <c>feedetail</c> array, where bad lines
/// were dropped (none: the lines are the whole array).
/// </summary>
public sealed record EpisodeDocument(Episode Episode, string? MedinsLv, IReadOnlyList<FeeLine> Feedetail, IReadOnlyList<int>? FeedetailIndexes = null)
{
    /// <summary>The index of <see cref="Feedetail"/>[<paramref name="position"/>] in the record's <c>feedetail</c> array.</summary>
    public int IndexInRecord(int position) => FeedetailIndexes?[position] ?? position;

    /// <summary>
    /// Reads one record. A bad admission field rejects the record; a bad fee line rejects only that line,
    /// reported in <c>lineErrors</c> with its path.
    /// </summary>
    public static (EpisodeDocument? Document, IReadOnlyList<FieldError> Errors, IReadOnlyList<FieldError> LineErrors) Read(JsonElement record, Icd10Catalogue? diagnoses = null)
    {
        var reader = new NationalReader(diagnoses);
        var episode = reader.Admission(record, "");
        var medinsLv = record.ValueKind == JsonValueKind.Object ? reader.Text(record, "", "medins_lv", required: false) : null;
        if (medinsLv is not null && !InstitutionLevels.IsKnownHospLv(medinsLv))
            reader.Fail("medins_lv", $"'{medinsLv}' is not a national hosp_lv code (01–14)");
        if (reader.HasErrors || episode is null)
            return (null, reader.Errors, []);

        var lines = new List<FeeLine>();
        var indexes = new List<int>();
        var lineErrors = new List<FieldError>();
        if (record.TryGetProperty("feedetail", out var feedetail) && feedetail.ValueKind != JsonValueKind.Null)
        {
            if (feedetail.ValueKind != JsonValueKind.Array)
                return (null, [new FieldError("feedetail", "expected an array")], []);
            var i = 0;
            foreach (var element in feedetail.EnumerateArray())
            {
                var (line, errors) = NationalReader.ReadFeeLine(element, $"feedetail[{i}]");
                if (line is not null)
                {
                    lines.Add(line);
                    indexes.Add(i);
                }
                lineErrors.AddRange(errors);
                i++;
            }
        }
        return (new EpisodeDocument(episode, medinsLv, lines, indexes), [], lineErrors);
    }
}
