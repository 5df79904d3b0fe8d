package dev.renkei.server.resource.activity.data;

import java.util.List;

/** Places of the generated field-service day: the office the teams start from, and Tokyo stations for fares. */
final class TokyoPlaces {

    record Place(String name, double latitude, double longitude) {
    }

    /** The head office (Ginza), where days start and end. */
    static final Place OFFICE = new Place("本社（銀座）", 35.6717, 139.7650);
    static final String OFFICE_ADDRESS = "東京都中央区銀座三丁目4番1号";

    static final List<Place> STATIONS = List.of(
            new Place("東京", 35.6812, 139.7671), new Place("銀座", 35.6717, 139.7640),
            new Place("新橋", 35.6663, 139.7583), new Place("品川", 35.6285, 139.7388),
            new Place("渋谷", 35.6580, 139.7016), new Place("新宿", 35.6896, 139.7006),
            new Place("池袋", 35.7295, 139.7109), new Place("上野", 35.7141, 139.7774),
            new Place("秋葉原", 35.6984, 139.7731), new Place("大手町", 35.6847, 139.7660),
            new Place("六本木", 35.6628, 139.7314), new Place("恵比寿", 35.6467, 139.7101),
            new Place("五反田", 35.6262, 139.7236), new Place("大崎", 35.6197, 139.7286),
            new Place("田町", 35.6457, 139.7476), new Place("浜松町", 35.6555, 139.7571),
            new Place("神田", 35.6918, 139.7709), new Place("御茶ノ水", 35.6997, 139.7650),
            new Place("飯田橋", 35.7020, 139.7450), new Place("市ケ谷", 35.6917, 139.7357),
            new Place("四ツ谷", 35.6860, 139.7303), new Place("中野", 35.7056, 139.6657),
            new Place("高田馬場", 35.7128, 139.7038), new Place("目黒", 35.6340, 139.7158),
            new Place("錦糸町", 35.6969, 139.8140), new Place("北千住", 35.7496, 139.8046),
            new Place("日本橋", 35.6820, 139.7745), new Place("豊洲", 35.6549, 139.7964),
            new Place("門前仲町", 35.6717, 139.7960), new Place("押上", 35.7100, 139.8134),
            new Place("赤羽", 35.7778, 139.7210), new Place("荻窪", 35.7046, 139.6200),
            new Place("二子玉川", 35.6116, 139.6269), new Place("大井町", 35.6065, 139.7349));

    private TokyoPlaces() {
    }

    static Place nearestStation(double latitude, double longitude) {
        Place best = STATIONS.get(0);
        double bestDistance = Double.MAX_VALUE;
        for (Place station : STATIONS) {
            double d = squaredDegrees(latitude, longitude, station.latitude(), station.longitude());
            if (d < bestDistance) {
                bestDistance = d;
                best = station;
            }
        }
        return best;
    }

    /** Great-circle distance in km (haversine), precise enough for fares and speeds within Tokyo. */
    static double km(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    private static double squaredDegrees(double lat1, double lon1, double lat2, double lon2) {
        double dLat = lat1 - lat2;
        double dLon = (lon1 - lon2) * 0.81;
        return dLat * dLat + dLon * dLon;
    }
}
