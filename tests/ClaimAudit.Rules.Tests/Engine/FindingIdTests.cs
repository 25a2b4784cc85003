using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using CsCheck;
using ReferenceFactory = ClaimAudit.Reference.Engine.FindingFactory;
using ReferenceHit = ClaimAudit.Reference.Judging.Hit;

namespace ClaimAudit.Rules.Tests.Engine;

public class FindingIdTests
{
    private static readonly Gen<string> Sn = Gen.OneOf("1", "10", "2", "a", "A", "化验-1", "", new string('9', 300));
    private static readonly Gen<string[]> Sns = Sn.Array[0, 40];

    [Fact]
    public void A_finding_id_is_the_reference_engines_for_any_lines_in_any_order()
    {
        // Long texts too: the id's text is written into a buffer that must grow past its first size.
        Gen.Select(Gen.OneOf("dup", "规则.1"), Gen.OneOf("H1/M1", "医院/就诊"), Gen.OneOf<string?>(null, "", "2026-03-01", "H2/M9/7"), Sns, Sns)
            .Sample((rule, episode, subject, lines, related) =>
                FindingFactory.IdOf(rule, episode, new Hit(lines, [.. lines.Select(_ => 1m)], related, "m", subject))
                == ReferenceFactory.IdOf(rule, episode, new ReferenceHit(lines, [.. lines.Select(_ => 1m)], related, "m", subject)),
                iter: 5_000);
    }
}
