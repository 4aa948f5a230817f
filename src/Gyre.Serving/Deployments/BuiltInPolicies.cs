using Gyre.Serving.Policies.AbTest;
using Gyre.Serving.Policies.Bandit;
using Gyre.Serving.Policies.Basic;
using Gyre.Serving.Policies.Shadow;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Every traffic policy that ships with Gyre, registered with <see cref="TrafficPolicyFactory"/> from its
/// static constructor. A new policy kind adds one line here.
/// </summary>
internal static class BuiltInPolicies
{
    public static void RegisterAll()
    {
        TrafficPolicyFactory.Register(SinglePolicy.KindName, SinglePolicy.Create);
        TrafficPolicyFactory.Register(SplitPolicy.KindName, SplitPolicy.Create);
        TrafficPolicyFactory.Register(CanaryPolicy.KindName, CanaryPolicy.Create);
        TrafficPolicyFactory.Register(BlueGreenPolicy.KindName, BlueGreenPolicy.Create);
        TrafficPolicyFactory.Register(ShadowPolicy.KindName, ShadowPolicy.Create);
        TrafficPolicyFactory.Register(AbTestPolicy.KindName, AbTestPolicy.Create);
        TrafficPolicyFactory.Register(BanditPolicy.KindName, BanditPolicy.Create);
    }
}
