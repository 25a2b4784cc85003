using System.Text.Json;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Tests.Contracts;

public class EpisodeEqualityTests
{
    private static readonly Episode Admitted = new("H001", "M001", "P001", "1", new DateOnly(1980, 5, 1), "310", "21",
        new DateTime(2026, 3, 1, 8, 0, 0), [new Diagnosis("1", "1", "J18.900"), new Diagnosis("2", "0", "I10.x00")]);

    [Fact]
    public void The_same_admission_read_twice_is_equal()
    {
        var json = JsonSerializer.Serialize(Admitted);
        var first = JsonSerializer.Deserialize<Episode>(json)!;
        var second = JsonSerializer.Deserialize<Episode>(json)!;

        Assert.NotSame(first.Diseinfo, second.Diseinfo);
        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void An_admission_with_other_diagnoses_is_not_equal()
    {
        Assert.NotEqual(Admitted, Admitted with { Diseinfo = [Admitted.Diseinfo[0]] });
        Assert.NotEqual(Admitted, Admitted with { Diseinfo = [Admitted.Diseinfo[1], Admitted.Diseinfo[0]] });
        Assert.NotEqual(Admitted, Admitted with { Diseinfo = [Admitted.Diseinfo[0], Admitted.Diseinfo[1] with { DiagCode = "I10.x01" }] });
    }

    [Fact]
    public void A_discharge_or_a_changed_field_is_not_equal()
    {
        Assert.NotEqual(Admitted, Admitted with { Endtime = new DateTime(2026, 3, 4, 10, 0, 0) });
        Assert.NotEqual(Admitted, Admitted with { DaysRinpFlag31 = "1" });
        Assert.NotEqual(Admitted, Admitted with { MedType = "11" });
        Assert.False(Admitted.Equals(null));
    }
}
