package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The large generated organisation (benchmark volume): sizes and the invariants other families rely on. */
@MicronautTest(transactional = false)
class OrganizationDataIT extends IntegrationTest {

    /** No demo data: this class generates the large organisation alone (the other families' volume would take minutes). */
    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("renkei.demo-data.enabled", "false");
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void generateOnce() {
        if (count("SELECT count(*) AS n FROM rs_user") == 0) {
            TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
            tx.executeWrite(status -> {
                context.getBean(OrganizationDataGenerator.class).generate(ResourceVolume.large(Instant.now()), new SplittableRandom(7));
                return null;
            });
        }
    }

    private long count(String sql) {
        return ((Number) rows(sql).get(0).get("n")).longValue();
    }

    @Test
    void generateWhenLargeThenUsersAndGroupsOfTheVolume() {
        assertEquals(500, count("SELECT count(*) AS n FROM rs_user"));
        assertEquals(30, count("SELECT count(*) AS n FROM rs_group"));
    }

    @Test
    void generateWhenLargeThenEveryUserHasExactlyOnePrimaryGroup() {
        assertEquals(0, count("SELECT count(*) AS n FROM rs_user u WHERE (SELECT count(*) FROM rs_user_membership m "
                + "WHERE m.user_id = u.id AND m.is_primary) <> 1"));
        assertTrue(count("SELECT count(*) AS n FROM rs_user_membership WHERE NOT is_primary") > 0);
    }

    @Test
    void generateWhenLargeThenOneRootAndStaffOnlyBelowIt() {
        List<Map<String, Object>> roots = rows("SELECT id, name FROM rs_group WHERE parent_id IS NULL");
        assertEquals(1, roots.size());
        assertEquals("本社", roots.get(0).get("name"));
        assertEquals(1, count("SELECT count(*) AS n FROM rs_user_membership WHERE group_id = "
                + "(SELECT id FROM rs_group WHERE parent_id IS NULL)"));
    }

    @Test
    void generateWhenLargeThenManagersHeadEveryDepartmentAndTeamAndSomeStaffLeft() {
        assertEquals(29, count("SELECT count(*) AS n FROM rs_user WHERE role = 'manager'"));
        assertEquals(0, count("SELECT count(*) AS n FROM rs_group g WHERE g.parent_id IS NOT NULL AND NOT EXISTS "
                + "(SELECT 1 FROM rs_user_membership m JOIN rs_user u ON u.id = m.user_id "
                + "WHERE m.group_id = g.id AND u.role = 'manager')"));
        long inactive = count("SELECT count(*) AS n FROM rs_user WHERE NOT active");
        assertTrue(inactive > 0 && inactive < 50, String.valueOf(inactive));
    }

    @Test
    void generateWhenLargeThenIdsFollowCreationTime() {
        assertEquals(0, count("SELECT count(*) AS n FROM (SELECT id, created_at, "
                + "lag(created_at) OVER (ORDER BY id) AS previous FROM rs_user) s WHERE created_at < previous"));
    }
}
