using Gyre.Core.Errors;

namespace Gyre.Tracking.Tests.Stores.Deployments;

/// <summary>The deployment store contract, run on every engine.</summary>
public abstract class DeploymentStoreTests : StoreTestBase
{
    [Fact]
    public async Task Deployments_are_created_read_updated_and_deleted()
    {
        await using var store = await OpenAsync();
        Assert.Empty(await store.ListDeploymentsAsync(Ct));
        var created = await store.CreateDeploymentAsync("churn", """{"name":"churn"}""", Ct);
        await store.CreateDeploymentAsync("alpha", """{"name":"alpha"}""", Ct);
        Assert.Equal(("churn", """{"name":"churn"}""", (string?)null), (created.Name, created.SpecJson, created.PolicyState));

        var e = await ThrowsGyre(ErrorCode.RESOURCE_ALREADY_EXISTS, () => store.CreateDeploymentAsync("churn", "{}", Ct));
        Assert.Equal("Deployment 'churn' already exists.", e.Message);
        Assert.Equal(["alpha", "churn"], (await store.ListDeploymentsAsync(Ct)).Select(d => d.Name));

        await store.SavePolicyStateAsync("churn", """{"stage":2}""", Ct);
        Assert.Equal("""{"stage":2}""", (await store.GetDeploymentAsync("churn", Ct))!.PolicyState);
        var updated = await store.UpdateDeploymentAsync("churn", """{"name":"churn","v":2}""", null, Ct);
        Assert.Null(updated.PolicyState);
        var read = await store.GetDeploymentAsync("churn", Ct);
        Assert.Equal(("""{"name":"churn","v":2}""", (string?)null, created.CreatedAt), (read!.SpecJson, read.PolicyState, read.CreatedAt));

        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.UpdateDeploymentAsync("absent", "{}", null, Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.SavePolicyStateAsync("absent", "{}", Ct));
        Assert.Null(await store.GetDeploymentAsync("absent", Ct));

        await store.DeleteDeploymentAsync("churn", Ct);
        Assert.Null(await store.GetDeploymentAsync("churn", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteDeploymentAsync("churn", Ct));
    }

    [Fact]
    public async Task Events_are_kept_in_order_per_deployment_and_go_with_it()
    {
        await using var store = await OpenAsync();
        await store.CreateDeploymentAsync("a", "{}", Ct);
        await store.CreateDeploymentAsync("b", "{}", Ct);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await store.AppendDeploymentEventAsync("a", 1000 + i, i == 4 ? "promoted" : "advanced", $$"""{"i":{{i}}}""", Ct));
        await store.AppendDeploymentEventAsync("b", 7, "created", "{}", Ct);
        Assert.Equal(ids.Order(), ids);

        var all = await store.ListDeploymentEventsAsync("a", ct: Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $$"""{"i":{{i}}}"""), all.Select(e => e.EventJson));
        Assert.Equal("promoted", all[^1].Kind);
        Assert.Equal(1004, all[^1].Timestamp);
        var newest = await store.ListDeploymentEventsAsync("a", 2, Ct);
        Assert.Equal(["""{"i":3}""", """{"i":4}"""], newest.Select(e => e.EventJson));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.AppendDeploymentEventAsync("absent", 1, "x", "{}", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.ListDeploymentEventsAsync("absent", ct: Ct));

        await store.DeleteDeploymentAsync("a", Ct);
        await store.CreateDeploymentAsync("a", "{}", Ct);
        Assert.Empty(await store.ListDeploymentEventsAsync("a", ct: Ct));
        Assert.Single(await store.ListDeploymentEventsAsync("b", ct: Ct));
    }

    [Fact]
    public async Task Deployments_survive_reopening_the_store()
    {
        var uri = await NewDatabaseUriAsync();
        await using (var store = await OpenAsync(uri))
        {
            await store.CreateDeploymentAsync("churn", """{"name":"churn"}""", Ct);
            await store.SavePolicyStateAsync("churn", """{"stage":1}""", Ct);
            await store.AppendDeploymentEventAsync("churn", 5, "advanced", """{"kind":"advanced"}""", Ct);
        }
        await using (var store = await OpenAsync(uri))
        {
            var record = Assert.Single(await store.ListDeploymentsAsync(Ct));
            Assert.Equal("""{"stage":1}""", record.PolicyState);
            Assert.Equal("advanced", Assert.Single(await store.ListDeploymentEventsAsync("churn", ct: Ct)).Kind);
        }
    }
}
