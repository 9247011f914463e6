# plot-breakdown.gp - area and peak power by component of a few frontier
# designs per format, spread over latency (stacked bars).
# Written by dse plot from frontier.json; reads plot-breakdown.dat.
# Edit and rerun in this folder: gnuplot plot-breakdown.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each.
array terminal[3] = [ \
	'pngcairo size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced', \
	'svg size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced background "white"', \
	'pdfcairo size 10.4in,6.93in font "Sans,9" linewidth 2 noenhanced']
array output[3] = ['plot-breakdown.png', 'plot-breakdown.svg', 'plot-breakdown.pdf']

set border lw 1
set grid xtics ytics mxtics mytics lt 1 lc rgb "#dddddd" lw 0.5, lt 1 lc rgb "#eeeeee" lw 0.5
set key opaque box lc rgb "#bbbbbb" spacing 1.2 samplen 2.5
set tics nomirror out

set style data histograms
set style histogram rowstacked gap 1 title offset 0, -1.4
set style fill solid 0.9 border rgb "#333333"
set boxwidth 0.7 relative
set grid noxtics nomxtics nomytics ytics
set xtics scale 0 font ",7"
unset xlabel
set key top left horizontal maxrows 1 reverse Left noopaque nobox samplen 1.5 width 1

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	set multiplot layout 2, 1 margins 0.08, 0.97, 0.15, 0.89 spacing 0, 0.17 title 'Area and peak power of frontier designs' . "\n" . 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM'

	# area (mm²)
	set ylabel "area (mm²)"
	unset arrow
	unset label
	set yrange [0:180]
	set ytics 50
	plot newhistogram 'hbfp8_576', \
	     'plot-breakdown.dat' index 0 using 4:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" title 'PEs', \
	     'plot-breakdown.dat' index 0 using 5 lc rgb "#56B4E9" title 'per-array fixed', \
	     'plot-breakdown.dat' index 0 using 6 lc rgb "#E69F00" title 'SRAM', \
	     'plot-breakdown.dat' index 0 using 7 lc rgb "#999999" title 'chip fixed', \
	     newhistogram 'bf16', \
	     'plot-breakdown.dat' index 1 using 4:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" notitle, \
	     'plot-breakdown.dat' index 1 using 5 lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' index 1 using 6 lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' index 1 using 7 lc rgb "#999999" notitle, \
	     newhistogram 'int8', \
	     'plot-breakdown.dat' index 2 using 4:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" notitle, \
	     'plot-breakdown.dat' index 2 using 5 lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' index 2 using 6 lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' index 2 using 7 lc rgb "#999999" notitle

	# peak power (W)
	set ylabel "peak power (W)"
	unset arrow
	unset label
	set label "frontier designs of each format: latency (µs) and array rows × cols" at screen 0.525, screen 0.02 center
	set arrow from graph 0, first 75 to graph 1, first 75 nohead front dt 2 lw 1.5 lc rgb "#333333"
	set label "budget 75 W" at graph 0.99, first 75 right offset 0, char 0.6 front
	set yrange [0:120]
	set ytics 20
	plot newhistogram 'hbfp8_576', \
	     'plot-breakdown.dat' index 0 using 8:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" title 'PE dynamic', \
	     'plot-breakdown.dat' index 0 using 9 lc rgb "#56B4E9" title 'PE leakage', \
	     'plot-breakdown.dat' index 0 using 10 lc rgb "#E69F00" title 'SRAM access', \
	     'plot-breakdown.dat' index 0 using 11 lc rgb "#F0E442" title 'SRAM leakage', \
	     'plot-breakdown.dat' index 0 using 12 lc rgb "#999999" title 'chip fixed', \
	     newhistogram 'bf16', \
	     'plot-breakdown.dat' index 1 using 8:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" notitle, \
	     'plot-breakdown.dat' index 1 using 9 lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' index 1 using 10 lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' index 1 using 11 lc rgb "#F0E442" notitle, \
	     'plot-breakdown.dat' index 1 using 12 lc rgb "#999999" notitle, \
	     newhistogram 'int8', \
	     'plot-breakdown.dat' index 2 using 8:xtic(sprintf($1 < 100 ? "%.3g\n%g×%g" : "%.0f\n%g×%g", $1, $2, $3)) lc rgb "#0072B2" notitle, \
	     'plot-breakdown.dat' index 2 using 9 lc rgb "#56B4E9" notitle, \
	     'plot-breakdown.dat' index 2 using 10 lc rgb "#E69F00" notitle, \
	     'plot-breakdown.dat' index 2 using 11 lc rgb "#F0E442" notitle, \
	     'plot-breakdown.dat' index 2 using 12 lc rgb "#999999" notitle
	unset multiplot
	set output
}
