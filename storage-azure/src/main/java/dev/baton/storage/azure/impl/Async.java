package dev.baton.storage.azure.impl;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.queue.models.QueueStorageException;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.Mono;

/**
 * The bridge from the Azure SDK's Reactor types to Vert.x futures, and from its exceptions to
 * {@link StoreException}. Results are delivered on the caller's Vert.x context; nothing here
 * blocks.
 */
final class Async {

  private Async() {}

  /** Subscribes to {@code mono} and completes on the calling context; errors are mapped. */
  static <T> Future<T> future(Vertx vertx, Mono<T> mono, String what) {
    var context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(mono.toFuture(), context)
        .recover(t -> Future.failedFuture(toStoreException(t, what)));
  }

  /** The HTTP status of an Azure service error, or 0 when {@code t} is none. */
  static int status(Throwable t) {
    t = unwrap(t);
    if (t instanceof StoreException se && se.getCause() != null) {
      t = se.getCause();
    }
    if (t instanceof HttpResponseException h && h.getResponse() != null) {
      return h.getResponse().getStatusCode();
    }
    return 0;
  }

  /** The Azure error code of a service error ({@code "PopReceiptMismatch"}), or "". */
  static String errorCode(Throwable t) {
    t = unwrap(t);
    if (t instanceof StoreException se && se.getCause() != null) {
      t = se.getCause();
    }
    if (t instanceof TableServiceException te && te.getValue() != null) {
      return String.valueOf(te.getValue().getErrorCode());
    }
    if (t instanceof QueueStorageException qe && qe.getErrorCode() != null) {
      return qe.getErrorCode().toString();
    }
    if (t instanceof BlobStorageException be && be.getErrorCode() != null) {
      return be.getErrorCode().toString();
    }
    return "";
  }

  /** Maps an SDK failure to a {@link StoreException} whose message starts with {@code what}. */
  static StoreException toStoreException(Throwable t, String what) {
    t = unwrap(t);
    if (t instanceof StoreException se) {
      return se;
    }
    String code = errorCode(t);
    int status = t instanceof TableTransactionFailedException ? 0 : status(t);
    Reason reason;
    if (t instanceof TableTransactionFailedException) {
      reason = fromTableCode(code);
    } else if (status == 412 || "PopReceiptMismatch".equals(code)) {
      reason = Reason.CONFLICT;
    } else if (status == 404) {
      reason = Reason.NOT_FOUND;
    } else if (status == 409) {
      reason = Reason.ALREADY_EXISTS;
    } else if (status == 413 || code.contains("TooLarge") || code.contains("TooBig")) {
      reason = Reason.TOO_LARGE;
    } else {
      reason = Reason.UNAVAILABLE;
    }
    String detail = code.isEmpty() ? t.toString() : code + (status > 0 ? " (" + status + ")" : "");
    return new StoreException(reason, what + ": " + detail, t);
  }

  private static Reason fromTableCode(String code) {
    return switch (code) {
      case "UpdateConditionNotSatisfied" -> Reason.CONFLICT;
      case "EntityAlreadyExists" -> Reason.ALREADY_EXISTS;
      case "ResourceNotFound", "EntityNotFound", "TableNotFound" -> Reason.NOT_FOUND;
      case "EntityTooLarge", "PropertyValueTooLarge", "RequestBodyTooLarge" -> Reason.TOO_LARGE;
      default -> Reason.UNAVAILABLE;
    };
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
