using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ClaimAudit.Grains.Tests;

/// <summary>What a caller receives when a grain call fails: the exception itself, never a codec failure that hides it.</summary>
public class ExceptionTransportTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddClaimAuditSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void An_exception_of_a_library_orleans_does_not_know_crosses_with_its_type_and_message()
    {
        var bytes = Serializer.SerializeToArray<Exception>(new Newtonsoft.Json.JsonSerializationException("Unable to find a constructor"));

        var received = Serializer.Deserialize<Exception>(bytes);

        Assert.IsType<Newtonsoft.Json.JsonSerializationException>(received);
        Assert.Equal("Unable to find a constructor", received.Message);
    }

    [Fact]
    public void An_unreadable_state_crosses_with_the_grain_it_names_and_whether_to_retry()
    {
        var received = Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(new StateUnreadableException("episode", "H1/M1", transient: true)));

        var unreadable = Assert.IsType<StateUnreadableException>(received);
        Assert.Equal(("episode", "H1/M1", true), (unreadable.GrainType, unreadable.GrainKey, unreadable.Transient));
    }

    [Fact]
    public void A_storage_that_did_not_answer_crosses_as_itself_also_inside_the_exception_orleans_wraps_it_in()
    {
        var wrapped = new Orleans.Runtime.OrleansException("Error from storage provider", new StorageUnavailableException());

        var received = Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(wrapped));

        Assert.IsType<StorageUnavailableException>(Assert.IsType<Orleans.Runtime.OrleansException>(received).InnerException);
        Assert.IsType<StorageUnavailableException>(Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(new StorageUnavailableException())));
    }
}
