package dev.renkei.server.oauth;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.authorization.SigningKeysApi;
import dev.renkei.server.api.authorization.model.SigningAlgorithm;
import dev.renkei.server.api.authorization.model.SigningKey;
import dev.renkei.server.api.authorization.model.SigningKeyList;
import dev.renkei.server.api.authorization.model.SigningKeyStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static dev.renkei.server.account.AccountMapper.utc;

/** Access-token signing keys: listed for administrators, rotated by system administrators. */
@Controller
public class SigningKeyController implements SigningKeysApi {

    private final SigningKeys keys;
    private final Callers callers;
    private final Clock clock;

    public SigningKeyController(SigningKeys keys, Callers callers, Clock clock) {
        this.keys = keys;
        this.callers = callers;
        this.clock = clock;
    }

    @Override
    public HttpResponse<SigningKeyList> listSigningKeys() {
        return HttpResponse.ok(toDto(keys.list(callers.current())));
    }

    @Override
    public HttpResponse<SigningKeyList> rotateSigningKey() {
        return HttpResponse.ok(toDto(keys.rotate(callers.current())));
    }

    private SigningKeyList toDto(List<SigningKeyRepository.StoredKey> stored) {
        Instant now = clock.instant();
        return new SigningKeyList(stored.stream().map(k -> new SigningKey(k.kid(), SigningAlgorithm.ES256,
                k.retiresAt() == null ? SigningKeyStatus.ACTIVE
                        : now.isBefore(k.retiresAt()) ? SigningKeyStatus.RETIRING : SigningKeyStatus.RETIRED,
                utc(k.createdAt()), utc(k.activatedAt())).retiresAt(utc(k.retiresAt()))).toList());
    }
}
