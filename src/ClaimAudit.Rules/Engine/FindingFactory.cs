using System.Security.Cryptography;
using System.Text;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Rules.Engine;

/// <summary>Stamps a rule's hit with the rule, the episode and a deterministic id.</summary>
public static class FindingFactory
{
    public static Finding Create(IRule rule, string ruleSetVersion, string fixmedinsCode, string mdtrtId, string psnNo, Hit hit)
    {
        var definition = rule.Definition;
        var severity = hit.Severity ?? definition.Severity;
        return new Finding(
            IdOf(definition.Id, EpisodeKey.Of(fixmedinsCode, mdtrtId), hit),
            definition.Id,
            definition.Kind,
            severity,
            fixmedinsCode,
            mdtrtId,
            psnNo,
            hit.FeedetlSns,
            hit.RelatedSns,
            hit.Amount,
            hit.Message,
            definition.Basis,
            Review.ReviewLedger.Initial(severity),
            ruleSetVersion)
        {
            LineAmounts = hit.LineAmounts,
            Subject = hit.Subject,
        };
    }

    /// <summary>
    /// Rule id + episode + the lines involved (docs/rules.md): the same facts always give the same id, whatever the
    /// order or batching in which they arrived, and a re-sent batch finds its findings again.
    /// </summary>
    public static string IdOf(string ruleId, string episodeKey, Hit hit)
    {
        // The text hashed is "rule\nepisode\nsubject\nsorted lines\nsorted related", written into a buffer of this
        // thread: a finding is stamped every time its partition is judged, and building the text was most of that.
        var text = Text ??= new char[256];
        var length = 0;
        Append(ref text, ref length, ruleId);
        Append(ref text, ref length, "\n");
        Append(ref text, ref length, episodeKey);
        Append(ref text, ref length, "\n");
        Append(ref text, ref length, hit.Subject);
        Append(ref text, ref length, "\n");
        AppendSorted(ref text, ref length, hit.FeedetlSns);
        Append(ref text, ref length, "\n");
        AppendSorted(ref text, ref length, hit.RelatedSns);
        Text = text;
        var chars = text.AsSpan(0, length);
        var bytes = Bytes is { } b && b.Length >= Encoding.UTF8.GetMaxByteCount(length) ? b : Bytes = new byte[Encoding.UTF8.GetMaxByteCount(length)];
        var written = Encoding.UTF8.GetBytes(chars, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes.AsSpan(0, written), hash);
        Span<char> id = stackalloc char[21];
        id[0] = 'F';
        Convert.TryToHexStringLower(hash[..10], id[1..], out _);
        return new string(id);
    }

    [ThreadStatic]
    private static char[]? Text;
    [ThreadStatic]
    private static byte[]? Bytes;
    [ThreadStatic]
    private static string[]? Sorted;

    private static void Append(ref char[] text, ref int length, string? value)
    {
        if (value is null)
            return;
        if (length + value.Length > text.Length)
            Array.Resize(ref text, Math.Max(text.Length * 2, length + value.Length));
        value.CopyTo(text.AsSpan(length));
        length += value.Length;
    }

    /// <summary>The serials in ordinal order, comma-separated.</summary>
    private static void AppendSorted(ref char[] text, ref int length, IReadOnlyList<string> sns)
    {
        var sorted = Sorted is { } s && s.Length >= sns.Count ? s : Sorted = new string[Math.Max(16, sns.Count)];
        for (var i = 0; i < sns.Count; i++)
            sorted[i] = sns[i];
        Array.Sort(sorted, 0, sns.Count, StringComparer.Ordinal);
        for (var i = 0; i < sns.Count; i++)
        {
            if (i > 0)
                Append(ref text, ref length, ",");
            Append(ref text, ref length, sorted[i]);
        }
        Array.Clear(sorted, 0, sns.Count);
    }
}
