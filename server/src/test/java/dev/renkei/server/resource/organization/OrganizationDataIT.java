package dev.renkei.server.resource.organization;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The large generated organisation (benchmark volume): sizes and the invariants other families rely on. */
@MicronautTest(transactional = false)
class OrganizationDataIT extends OrganizationApiTest {

    @Override
    protected Map<String, String> resourceProperties() {
        return Map.of("renkei.resources.data.volume", "large");
    }

    private long count(String sql) {
        return ((Number) rows(sql).get(0).get("n")).longValue();
    }

    @Test
    void generateWhenLargeThenUsersAndGroupsOfTheVolume() {
        assertEquals(500, count("SELECT count(*) AS n FROM rs_user"));
        assertEquals(30, count("SELECT count(*) AS n FROM rs_group"));
        assertEquals(500, all(USERS, 200).size());
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
