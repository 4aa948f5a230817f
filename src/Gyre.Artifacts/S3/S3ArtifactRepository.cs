using System.Buffers;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.S3;

/// <summary>
/// Artifacts under <c>s3://bucket/prefix</c>. Large files go up as multipart uploads (aborted on failure, so no
/// half-written object ever becomes visible); listings use delimiter '/' and follow continuation tokens.
/// </summary>
public sealed class S3ArtifactRepository : IArtifactRepository, IDisposable
{
    private const int DeleteBatchSize = 1000;

    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;
    private readonly S3Settings _settings;

    public S3ArtifactRepository(string bucket, string? prefix, S3Settings settings)
        : this(bucket, prefix, settings, CreateClient(settings), ownsClient: true)
    {
    }

    public S3ArtifactRepository(string bucket, string? prefix, S3Settings settings, IAmazonS3 client, bool ownsClient = false)
    {
        if (string.IsNullOrWhiteSpace(bucket))
            throw GyreException.InvalidParameter("S3 bucket name must not be empty.");
        Bucket = bucket;
        Prefix = ArtifactPath.Validate(prefix?.Trim('/'));
        _settings = settings;
        _s3 = client;
        _ownsClient = ownsClient;
        if (settings.MultipartPartSize <= 0 || settings.MultipartThreshold <= 0)
            throw GyreException.InvalidParameter("S3 multipart threshold and part size must be positive.");
    }

    public string Bucket { get; }

    /// <summary>The key prefix (no leading or trailing '/'); "" for the bucket root.</summary>
    public string Prefix { get; }

    public string RootUri => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    /// <summary>An S3 client configured as MLflow configures boto3 from <paramref name="settings"/>.</summary>
    public static IAmazonS3 CreateClient(S3Settings settings)
    {
        var config = new AmazonS3Config
        {
            // S3-compatible servers do not all understand the SDK's default trailing checksums (aws-chunked bodies).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = Math.Max(0, settings.MaxRetries),
        };
        if (settings.EndpointUrl is not null)
        {
            config.ServiceURL = settings.EndpointUrl.ToString();
            config.AuthenticationRegion = settings.Region;
            config.ForcePathStyle = settings.ForcePathStyle ?? true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
            config.ForcePathStyle = settings.ForcePathStyle ?? false;
        }
        if (settings.IgnoreTls) config.HttpClientFactory = new InsecureHttpClientFactory();

        if (settings.AccessKeyId is not null && settings.SecretAccessKey is not null)
        {
            AWSCredentials credentials = settings.SessionToken is null
                ? new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey)
                : new SessionAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey, settings.SessionToken);
            return new AmazonS3Client(credentials, config);
        }
        return new AmazonS3Client(config);
    }

    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = KeyOf(ArtifactPath.ValidateFile(path));
        var partSize = (int)Math.Max(1, Math.Min(_settings.MultipartPartSize, _settings.MultipartThreshold));
        var firstBuffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_settings.MultipartThreshold, int.MaxValue - 64));
        try
        {
            // Read up to the threshold: a smaller file goes up in one request, a larger one as multipart.
            var firstLength = await ReadFullyAsync(content, firstBuffer, (int)Math.Min(_settings.MultipartThreshold, firstBuffer.Length), cancellationToken).ConfigureAwait(false);
            if (firstLength < _settings.MultipartThreshold)
            {
                await Call(path, () => _s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    InputStream = new MemoryStream(firstBuffer, 0, firstLength, writable: false),
                    AutoCloseStream = true,
                    UseChunkEncoding = false,
                }, cancellationToken)).ConfigureAwait(false);
                return;
            }
            await MultipartUploadAsync(path, key, firstBuffer, firstLength, content, partSize, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(firstBuffer);
        }
    }

    private async Task MultipartUploadAsync(string path, string key, byte[] head, int headLength, Stream rest, int partSize, CancellationToken cancellationToken)
    {
        var upload = await Call(path, () => _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, cancellationToken)).ConfigureAwait(false);
        var parts = new List<PartETag>();
        try
        {
            var partNumber = 1;
            // The bytes already read (the head) go up first, cut into parts.
            for (var offset = 0; offset < headLength; offset += partSize)
            {
                var length = Math.Min(partSize, headLength - offset);
                parts.Add(await UploadPartAsync(path, key, upload.UploadId, partNumber++, head, offset, length, cancellationToken).ConfigureAwait(false));
            }
            var buffer = ArrayPool<byte>.Shared.Rent(partSize);
            try
            {
                while (true)
                {
                    var length = await ReadFullyAsync(rest, buffer, partSize, cancellationToken).ConfigureAwait(false);
                    if (length == 0) break;
                    parts.Add(await UploadPartAsync(path, key, upload.UploadId, partNumber++, buffer, 0, length, cancellationToken).ConfigureAwait(false));
                    if (length < partSize) break;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            await Call(path, () => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonServiceException)
            {
                // The original failure is the one worth reporting.
            }
            throw;
        }
    }

    private async Task<PartETag> UploadPartAsync(string path, string key, string uploadId, int partNumber, byte[] buffer, int offset, int length, CancellationToken cancellationToken)
    {
        var response = await Call(path, () => _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = new MemoryStream(buffer, offset, length, writable: false),
            UseChunkEncoding = false,
        }, cancellationToken)).ConfigureAwait(false);
        return new PartETag(partNumber, response.ETag);
    }

    public async Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(localFile))
            throw GyreException.NotFound($"Local file '{localFile}' does not exist.");
        await using var input = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(path, input, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(ArtifactPath.ValidateFile(path));
        var response = await Call(path, () => _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken)).ConfigureAwait(false);
        return new ResponseOwningStream(response);
    }

    public async Task<bool> FileExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(ArtifactPath.ValidateFile(path));
        try
        {
            await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(directory);
        var listPrefix = DirectoryPrefix(relative);
        var entries = new List<ArtifactFileInfo>();
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = listPrefix, Delimiter = "/", ContinuationToken = continuation, MaxKeys = PageSize };
            var response = await Call(directory ?? "", () => _s3.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
            foreach (var common in response.CommonPrefixes ?? [])
            {
                var name = common[listPrefix.Length..].TrimEnd('/');
                if (name.Length > 0) entries.Add(new ArtifactFileInfo(ArtifactPath.Combine(relative, name), true, null));
            }
            foreach (var obj in response.S3Objects ?? [])
            {
                var name = obj.Key[listPrefix.Length..];
                // A zero-length "folder marker" object equal to the prefix is not a child.
                if (name.Length == 0) continue;
                entries.Add(new ArtifactFileInfo(ArtifactPath.Combine(relative, name), false, obj.Size ?? 0));
            }
            continuation = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (continuation is not null);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public async Task DeleteAsync(string? path, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(path);
        var keys = new List<string>();
        if (relative.Length > 0) keys.Add(KeyOf(relative));

        // Everything under the path when it is a directory (no delimiter: the whole subtree).
        var treePrefix = DirectoryPrefix(relative);
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = treePrefix, ContinuationToken = continuation, MaxKeys = PageSize };
            var response = await Call(path ?? "", () => _s3.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
            foreach (var obj in response.S3Objects ?? []) keys.Add(obj.Key);
            continuation = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (continuation is not null);

        // One DeleteObject per key: DeleteObjects needs Content-MD5, which some S3-compatible servers reject,
        // and deleting a key that does not exist succeeds in S3.
        foreach (var chunk in keys.Chunk(DeleteBatchSize))
        {
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (key, ct) =>
                await Call(path ?? "", () => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, ct)).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_ownsClient) _s3.Dispose();
    }

    private int PageSize => Math.Clamp(_settings.ListPageSize, 1, 1000);

    private string KeyOf(string relative) => Prefix.Length == 0 ? relative : Prefix + "/" + relative;

    private string DirectoryPrefix(string relative) =>
        relative.Length == 0 ? (Prefix.Length == 0 ? "" : Prefix + "/") : KeyOf(relative) + "/";

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    /// <summary>Runs an S3 call and turns S3's errors into Gyre's, naming the artifact path.</summary>
    private async Task<T> Call<T>(string path, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or "NotFound" or null or "")
        {
            throw GyreException.NotFound($"Artifact '{path}' does not exist in {RootUri}.");
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw GyreException.NotFound($"S3 bucket '{Bucket}' does not exist ({RootUri}).");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new GyreException(ErrorCode.PERMISSION_DENIED, $"S3 denied access to '{path}' in {RootUri}: {ex.Message}", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new GyreException(ErrorCode.TEMPORARILY_UNAVAILABLE, $"S3 request for '{path}' in {RootUri} failed: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GyreException(ErrorCode.TEMPORARILY_UNAVAILABLE, $"Cannot reach S3 for {RootUri}: {ex.Message}", ex);
        }
    }
}
