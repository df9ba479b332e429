package dev.baton.web.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.StoreException;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;

/** Every failure the API answers carries one of ErrorCode's codes, with the status it maps to. */
class ErrorMappingTest {

  @Test
  void aBatonErrorKeepsItsCodeAndTakesItsStatus() {
    for (ErrorCode code : ErrorCode.values()) {
      ApiError e = Replies.toApiError(new BatonException(code, "what to do"));
      assertEquals(code.code(), e.code());
      assertEquals(code.httpStatus(), e.status(), code.toString());
      assertEquals(code.code() + " what to do", e.getMessage());
    }
  }

  @Test
  void aStoreFailureTakesItsReasonsCodeWithoutTheStoresWords() {
    for (StoreException.Reason reason : StoreException.Reason.values()) {
      ApiError e =
          Replies.toApiError(new StoreException(reason, "AccountKey=secret at tables.internal"));
      assertEquals(reason.code().code(), e.code(), reason.toString());
      assertEquals(reason.code().httpStatus(), e.status(), reason.toString());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
    assertEquals(409, Replies.toApiError(conflict()).status());
    assertEquals("BATON-124", Replies.toApiError(conflict()).code());
  }

  private static StoreException conflict() {
    return new StoreException(StoreException.Reason.CONFLICT, "412 UpdateConditionNotSatisfied");
  }

  @Test
  void vertxWebRefusalsTakeTheCodeOfTheirStatus() {
    assertEquals("BATON-119", Replies.toApiError(new HttpException(401)).code());
    assertEquals("BATON-120", Replies.toApiError(new HttpException(403)).code());
    assertEquals("BATON-121", Replies.toApiError(new HttpException(404)).code());
    assertEquals("BATON-122", Replies.toApiError(new HttpException(413)).code());
    assertEquals("BATON-112", Replies.toApiError(new HttpException(400, "no")).code());
    ApiError methodNotAllowed = Replies.toApiError(new HttpException(405));
    assertEquals(405, methodNotAllowed.status(), "a status of Vert.x Web's own is kept");
    assertEquals("BATON-112", methodNotAllowed.code());
    ApiError unavailable = Replies.toApiError(new HttpException(503, "backend down"));
    assertEquals(503, unavailable.status());
    assertEquals("BATON-123", unavailable.code());
  }

  @Test
  void anythingElseIsInternal() {
    ApiError e = Replies.toApiError(new IllegalStateException("a bug"));
    assertEquals(500, e.status());
    assertEquals("BATON-123", e.code());
    assertEquals("BATON-112", Replies.toApiError(new IllegalArgumentException("token")).code());
  }
}
