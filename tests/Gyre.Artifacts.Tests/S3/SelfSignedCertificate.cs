using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gyre.Artifacts.Tests.S3;

/// <summary>Makes a throwaway self-signed certificate for 127.0.0.1 and writes its key and certificate as PEM files.</summary>
internal static class SelfSignedCertificate
{
    public static (string KeyFile, string CertFile) WritePem(string directory)
    {
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var keyFile = Path.Combine(directory, "key.pem");
        var certFile = Path.Combine(directory, "cert.pem");
        File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        return (keyFile, certFile);
    }
}
